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
