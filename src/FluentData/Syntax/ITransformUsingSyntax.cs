namespace FluentData.Syntax;

/// <summary>How the new value of the target column is computed.</summary>
public interface ITransformUsingSyntax : ITransformColumnsUsingSyntax
{
    /// <summary>
    /// Computes the column's new value from the row, in C#. Return <see langword="null"/> for SQL NULL.
    /// The function runs once per row and must not touch the database itself.
    /// </summary>
    ITransformOptionsSyntax Using(Func<IDataRow, object?> transform);
}
