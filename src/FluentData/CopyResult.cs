namespace FluentData;

/// <summary>What one copy did: the source rows it read, the target rows it inserted, and how long it took.</summary>
/// <param name="Migration">The migration that declared the copy.</param>
/// <param name="Source">The table the rows were read from, as named in the migration.</param>
/// <param name="Target">The table the rows were inserted into, as named in the migration.</param>
/// <param name="Filter">The SQL predicate that chose the source rows; null when it copied every row.</param>
/// <param name="RowsRead">Source rows read (including those of an interrupted run it resumed).</param>
/// <param name="RowsInserted">Target rows inserted (likewise); in a dry run, rows it would insert.</param>
/// <param name="Batches">Batches run.</param>
/// <param name="Elapsed">Wall-clock time from the schema check to the last batch.</param>
public sealed record CopyResult(MigrationIdentity Migration, string Source, string Target, string? Filter, long RowsRead, long RowsInserted, int Batches, TimeSpan Elapsed)
{
    /// <summary>One line: migration, tables and counts.</summary>
    public override string ToString() =>
        $"{Migration}: '{Source}' to '{Target}'{(Filter is null ? "" : $" where {Filter}")}: {RowsRead} rows read, {RowsInserted} inserted in {Batches} batches, {Elapsed}";
}
