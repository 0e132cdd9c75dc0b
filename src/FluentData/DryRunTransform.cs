namespace FluentData;

/// <summary>One transform as a dry run saw it.</summary>
/// <param name="Migration">The migration that declared it.</param>
/// <param name="Table">The table.</param>
/// <param name="Columns">The target columns.</param>
/// <param name="Rows">Rows the transform changed.</param>
/// <param name="NullsProduced">Per target column, how many rows matching the filter hold NULL after the transform.</param>
/// <param name="Samples">The first few rows (by key) matching the filter, before and after.</param>
public sealed record DryRunTransform(
    MigrationIdentity Migration,
    string Table,
    IReadOnlyList<string> Columns,
    long Rows,
    IReadOnlyDictionary<string, long> NullsProduced,
    IReadOnlyList<DryRunSample> Samples);
