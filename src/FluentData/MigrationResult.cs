namespace FluentData;

/// <summary>One migration applied (or rolled back) by a runner call.</summary>
/// <param name="Version">The migration's version.</param>
/// <param name="Name">The migration's class name.</param>
/// <param name="Description">The description from its attribute, if any.</param>
/// <param name="Direction">Up or down.</param>
/// <param name="Elapsed">Time from the end of the previous migration (or the start of the run) to the recording of this one's version.</param>
/// <param name="Transforms">The data transforms it ran, in order.</param>
/// <param name="Purges">The purges it ran, in order.</param>
/// <param name="Copies">The copies it ran, in order.</param>
/// <param name="Seeds">The seeds it ran, in order.</param>
public sealed record MigrationResult(
    long Version,
    string Name,
    string? Description,
    MigrationDirection Direction,
    TimeSpan Elapsed,
    IReadOnlyList<TransformResult> Transforms,
    IReadOnlyList<PurgeResult> Purges,
    IReadOnlyList<CopyResult> Copies,
    IReadOnlyList<SeedResult> Seeds)
{
    /// <summary>Rows deleted by all of the migration's purges.</summary>
    public long RowsDeleted => Purges.Sum(p => p.RowsDeleted);

    /// <summary>Rows inserted by all of the migration's copies.</summary>
    public long RowsInserted => Copies.Sum(c => c.RowsInserted);

    /// <summary>Rows read by all of the migration's transforms.</summary>
    public long RowsTransformed => Transforms.Sum(t => t.Rows);

    /// <summary>Rows changed by all of the migration's transforms.</summary>
    public long RowsChanged => Transforms.Sum(t => t.RowsChanged);

    /// <summary>One line: version, name, direction, counts and time.</summary>
    public override string ToString() =>
        $"{Name} ({Version}) {Direction}: {Transforms.Count} transforms, {RowsTransformed} rows read, {RowsChanged} changed" +
        (Purges.Count > 0 ? $", {RowsDeleted} deleted" : "") + (Copies.Count > 0 ? $", {RowsInserted} inserted" : "") +
        (Seeds.Count > 0 ? $", {Seeds.Count} seeds ({Seeds.Sum(s => s.Inserted)} inserted, {Seeds.Sum(s => s.Updated)} updated)" : "") + $", {Elapsed}";
}
