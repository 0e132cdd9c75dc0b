using System.Diagnostics;

namespace FluentData.Runner;

/// <summary>
/// What happened during one runner call, in order: each version recorded or removed, and each
/// transform's, check's, purge's, copy's and seed's result. Scoped to the runner's DI scope.
/// </summary>
internal sealed class RunJournal
{
    private readonly Lock _gate = new();
    private readonly List<(long Version, TimeSpan At)> _versions = [];
    private readonly List<TransformResult> _transforms = [];
    private readonly List<DryRunTransform> _dryRunTransforms = [];
    private readonly List<VerificationResult> _verifications = [];
    private readonly List<PurgeResult> _purges = [];
    private readonly List<CopyResult> _copies = [];
    private readonly List<SeedResult> _seeds = [];
    private readonly Dictionary<long, string> _fingerprints = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public TimeSpan Now => _clock.Elapsed;

    public void VersionChanged(long version) => Add(_versions, (version, _clock.Elapsed));

    public void Transformed(TransformResult result) => Add(_transforms, result);

    public void DryRunTransformed(DryRunTransform transform) => Add(_dryRunTransforms, transform);

    public void Verified(VerificationResult result) => Add(_verifications, result);

    public void Purged(PurgeResult result) => Add(_purges, result);

    public void Copied(CopyResult result) => Add(_copies, result);

    public void Seeded(SeedResult result) => Add(_seeds, result);

    /// <summary>A data migration's fingerprint, taken when its <c>Up()</c> was collected, for the history when its version is recorded.</summary>
    public void Fingerprinted(long version, string fingerprint)
    {
        lock (_gate)
            _fingerprints[version] = fingerprint;
    }

    public string? FingerprintOf(long version)
    {
        lock (_gate)
            return _fingerprints.GetValueOrDefault(version);
    }

    public IReadOnlyList<(long Version, TimeSpan At)> Versions => Copy(_versions);

    public IReadOnlyList<TransformResult> Transforms => Copy(_transforms);

    public IReadOnlyList<DryRunTransform> DryRunTransforms => Copy(_dryRunTransforms);

    public IReadOnlyList<VerificationResult> Verifications => Copy(_verifications);

    public IReadOnlyList<PurgeResult> Purges => Copy(_purges);

    public IReadOnlyList<CopyResult> Copies => Copy(_copies);

    public IReadOnlyList<SeedResult> Seeds => Copy(_seeds);

    private void Add<T>(List<T> list, T item)
    {
        lock (_gate)
            list.Add(item);
    }

    private List<T> Copy<T>(List<T> list)
    {
        lock (_gate)
            return list.ToList();
    }
}
