namespace FluentData;

/// <summary>One <c>Verify</c> check as a dry run saw it.</summary>
/// <param name="Migration">The migration that declared it.</param>
/// <param name="Check">The check, in words.</param>
/// <param name="Passed">Whether it passed.</param>
/// <param name="OffendingRows">How many rows break it.</param>
/// <param name="SampleKeys">The keys of up to 10 of them.</param>
public sealed record VerificationResult(MigrationIdentity Migration, string Check, bool Passed, long OffendingRows, IReadOnlyList<RowKey> SampleKeys)
{
    /// <summary>One line: the check and its outcome, with the sample keys.</summary>
    public override string ToString() =>
        $"{Migration}: {Check}: {(Passed ? "passed" : $"{OffendingRows} rows break it{(SampleKeys.Count == 0 ? "" : $" (keys {string.Join(", ", SampleKeys)})")}")}";
}
