namespace FluentData;

/// <summary>What one transform did: the rows it read, the rows it changed, and how long it took.</summary>
/// <param name="Migration">The migration that declared the transform.</param>
/// <param name="Table">The table, as named in the migration.</param>
/// <param name="Columns">The target columns.</param>
/// <param name="Rows">Rows read: rows matching the filter, passed to the transform (including those of an interrupted run it resumed).</param>
/// <param name="RowsChanged">Rows whose value the transform changed (compared NULL-aware) and wrote; rows it left as they were are not written.</param>
/// <param name="RowsRedone">Rows of this run read and transformed again because another session changed them between the transform's read and its write (a row changed again under its second try counts again).</param>
/// <param name="Batches">Batches read.</param>
/// <param name="Elapsed">Wall-clock time from the schema check to the last write.</param>
public sealed record TransformResult(
    MigrationIdentity Migration,
    string Table,
    IReadOnlyList<string> Columns,
    long Rows,
    long RowsChanged,
    long RowsRedone,
    int Batches,
    TimeSpan Elapsed)
{
    /// <summary>One line: migration, table, columns and counts.</summary>
    public override string ToString() =>
        $"{Migration}: '{Table}'.({string.Join(", ", Columns)}): {Rows} rows read, {RowsChanged} changed{(RowsRedone > 0 ? $", {RowsRedone} redone" : "")} in {Batches} batches, {Elapsed}";
}
