namespace FluentData;

/// <summary>What one purge did: the rows it deleted, and how long it took.</summary>
/// <param name="Migration">The migration that declared the purge.</param>
/// <param name="Table">The table, as named in the migration.</param>
/// <param name="Filter">The SQL predicate that chose the rows; null when it deleted every row.</param>
/// <param name="RowsDeleted">Rows deleted (including those of an interrupted run it resumed); in a dry run, rows it would delete.</param>
/// <param name="Batches">Batches run.</param>
/// <param name="Elapsed">Wall-clock time from the schema check to the last batch.</param>
public sealed record PurgeResult(MigrationIdentity Migration, string Table, string? Filter, long RowsDeleted, int Batches, TimeSpan Elapsed)
{
    /// <summary>One line: migration, table and count.</summary>
    public override string ToString() => $"{Migration}: '{Table}'{(Filter is null ? "" : $" where {Filter}")}: {RowsDeleted} rows deleted in {Batches} batches, {Elapsed}";
}
