using System.Diagnostics;

namespace FluentData.Runner;

/// <summary>
/// What happened during one runner call, in order: each version recorded or removed, and each
/// transform's result. Scoped to the runner's DI scope.
/// </summary>
internal sealed class RunJournal
{
    private readonly List<(long Version, TimeSpan At)> _versions = [];
    private readonly List<TransformResult> _transforms = [];
    private readonly List<DryRunTransform> _dryRunTransforms = [];
    private readonly List<VerificationResult> _verifications = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public TimeSpan Now => _clock.Elapsed;

    public void VersionChanged(long version)
    {
        lock (_versions)
            _versions.Add((version, _clock.Elapsed));
    }

    public void Transformed(TransformResult result)
    {
        lock (_transforms)
            _transforms.Add(result);
    }

    public void DryRunTransformed(DryRunTransform transform)
    {
        lock (_dryRunTransforms)
            _dryRunTransforms.Add(transform);
    }

    public void Verified(VerificationResult result)
    {
        lock (_verifications)
            _verifications.Add(result);
    }

    public IReadOnlyList<DryRunTransform> DryRunTransforms
    {
        get
        {
            lock (_dryRunTransforms)
                return _dryRunTransforms.ToList();
        }
    }

    public IReadOnlyList<VerificationResult> Verifications
    {
        get
        {
            lock (_verifications)
                return _verifications.ToList();
        }
    }

    public IReadOnlyList<(long Version, TimeSpan At)> Versions
    {
        get
        {
            lock (_versions)
                return _versions.ToList();
        }
    }

    public IReadOnlyList<TransformResult> Transforms
    {
        get
        {
            lock (_transforms)
                return _transforms.ToList();
        }
    }
}
