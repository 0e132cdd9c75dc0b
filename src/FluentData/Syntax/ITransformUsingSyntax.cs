namespace FluentData.Syntax;

/// <summary>How the new value of the target column is computed.</summary>
public interface ITransformUsingSyntax : ITransformColumnsUsingSyntax
{
    /// <summary>
    /// Computes the column's new value from the row, in C#. Return <see langword="null"/> for SQL NULL.
    /// The function runs once per row and must not touch the database itself.
    /// </summary>
    ITransformReverseSyntax Using(Func<IDataRow, object?> transform);

    /// <summary>
    /// Replaces values by a map, in the database (a CASE per key-range batch; no rows travel):
    /// <c>.Map(new Dictionary&lt;object, object?&gt; { ["A"] = "active", ["C"] = "cancelled" })</c>.
    /// Values the map does not name stay as they are, unless <c>.Otherwise(...)</c> says. A one-to-one
    /// map reverses itself in an <see cref="AutoReversingDataMigration"/>.
    /// </summary>
    ITransformMapSyntax Map(IReadOnlyDictionary<object, object?> map);

    /// <summary>
    /// Computes the column's new value in the database, from a SQL expression over the row's
    /// columns, e.g. <c>"lower(trim(email))"</c>. No row travels to the client; the table is
    /// still updated in key-range batches, so an online migration commits batch by batch.
    /// The expression is migration code in the database's dialect, not a place for values.
    /// </summary>
    ITransformOptionsSyntax UsingSql(string sqlExpression);
}
