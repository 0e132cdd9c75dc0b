namespace FluentData.Syntax;

/// <summary>Which column(s) the transform writes.</summary>
public interface ITransformColumnSyntax : IFluentSyntax
{
    /// <summary>One target column; the transform function returns its new value.</summary>
    ITransformUsingSyntax Column(string columnName);

    /// <summary>Several target columns written in one pass; the transform function sets each by name.</summary>
    ITransformColumnsUsingSyntax Columns(params string[] columnNames);
}
