namespace FluentData;

/// <summary>What one transform did: which rows it rewrote and how long it took.</summary>
/// <param name="Migration">The migration that declared the transform.</param>
/// <param name="Table">The table, as named in the migration.</param>
/// <param name="Columns">The target columns.</param>
/// <param name="Rows">Rows read, passed to the transform function and written back.</param>
/// <param name="Batches">Batches written.</param>
/// <param name="Elapsed">Wall-clock time from the schema check to the last write.</param>
public sealed record TransformResult(
    MigrationIdentity Migration,
    string Table,
    IReadOnlyList<string> Columns,
    long Rows,
    int Batches,
    TimeSpan Elapsed);
