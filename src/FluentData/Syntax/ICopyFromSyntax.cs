namespace FluentData.Syntax;

/// <summary>Where a copy reads its rows.</summary>
public interface ICopyFromSyntax : IFluentSyntax
{
    /// <summary>The table the rows are read from. It needs a primary key, or a unique index over NOT NULL columns, to be read in batches.</summary>
    ICopyToOrInSchemaSyntax From(string sourceTable);
}
