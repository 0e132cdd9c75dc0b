namespace FluentData;

/// <summary>
/// What <see cref="IDataMigrationRunner.DryRun"/> saw while applying the pending migrations in a
/// transaction that was then rolled back: the database is as it was before.
/// </summary>
/// <param name="Migrations">The pending migrations, in order.</param>
/// <param name="Transforms">Each transform that ran: rows read and changed, NULLs produced, a few before/after samples.</param>
/// <param name="Verifications">Each check that ran and whether it passed.</param>
/// <param name="Elapsed">Time for the whole dry run.</param>
/// <param name="Completed">The versions of the migrations that ran to the end; a failure stops the ones after it.</param>
/// <param name="Failure">The error that stopped the dry run, as a real run would have thrown it; null when none did.</param>
/// <param name="Purges">Each purge that ran: the rows it would delete, with those an interrupted online run already deleted.</param>
/// <param name="Seeds">Each seed that ran: the rows it would insert, update and delete, and those it would leave as they are.</param>
/// <param name="Copies">Each copy that ran: the source rows it would read and the target rows it would insert, with those of an interrupted online run.</param>
public sealed record DryRunResult(
    IReadOnlyList<DataMigrationInfo> Migrations,
    IReadOnlyList<DryRunTransform> Transforms,
    IReadOnlyList<VerificationResult> Verifications,
    TimeSpan Elapsed,
    IReadOnlyList<long> Completed,
    DryRunFailure? Failure,
    IReadOnlyList<PurgeResult> Purges,
    IReadOnlyList<CopyResult> Copies,
    IReadOnlyList<SeedResult> Seeds)
{
    /// <summary>True when every pending migration ran to the end and every check passed.</summary>
    public bool WouldSucceed => Failure is null && Verifications.All(v => v.Passed) && Completed.Count == Migrations.Count;
}
