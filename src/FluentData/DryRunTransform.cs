namespace FluentData;

/// <summary>One transform as a dry run saw it.</summary>
/// <param name="Migration">The migration that declared it.</param>
/// <param name="Table">The table.</param>
/// <param name="Columns">The target columns.</param>
/// <param name="Rows">Rows the transform read (matching its filter).</param>
/// <param name="RowsChanged">Rows whose value it changed.</param>
/// <param name="NullsProduced">Per target column, how many values it turned from non-NULL into NULL.</param>
/// <param name="Samples">The first few rows (by key) it changed, before and after.</param>
/// <param name="RowsRedone">Rows it read and transformed again because another session changed them between its read and its write (a row changed again under its second try counts again).</param>
public sealed record DryRunTransform(
    MigrationIdentity Migration,
    string Table,
    IReadOnlyList<string> Columns,
    long Rows,
    long RowsChanged,
    IReadOnlyDictionary<string, long> NullsProduced,
    IReadOnlyList<DryRunSample> Samples,
    long RowsRedone = 0)
{
    /// <summary>One line: table, columns and counts.</summary>
    public override string ToString() =>
        $"{Migration}: '{Table}'.({string.Join(", ", Columns)}): {Rows} rows read, {RowsChanged} would change{(RowsRedone > 0 ? $" ({RowsRedone} redone)" : "")}, NULLs produced: " +
        string.Join(", ", NullsProduced.Select(n => $"{n.Key} {n.Value}"));
}
