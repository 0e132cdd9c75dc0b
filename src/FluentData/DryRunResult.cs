namespace FluentData;

/// <summary>
/// What <see cref="IDataMigrationRunner.DryRun"/> saw while applying the pending migrations in a
/// transaction that was then rolled back: the database is as it was before.
/// </summary>
/// <param name="Migrations">The migrations that would be applied, in order.</param>
/// <param name="Transforms">Each transform: rows changed, NULLs produced, a few before/after samples.</param>
/// <param name="Verifications">Each check and whether it passed.</param>
/// <param name="Elapsed">Time for the whole dry run.</param>
public sealed record DryRunResult(
    IReadOnlyList<DataMigrationInfo> Migrations,
    IReadOnlyList<DryRunTransform> Transforms,
    IReadOnlyList<VerificationResult> Verifications,
    TimeSpan Elapsed)
{
    /// <summary>True when every check passed (a transform that fails ends the dry run with its exception instead).</summary>
    public bool WouldSucceed => Verifications.All(v => v.Passed);
}
