namespace FluentData.Tests.Infrastructure;

/// <summary>Every progress report of a run, in order, to assert what a host's progress bar would have shown.</summary>
public sealed class ProgressLog : IProgress<TransformProgress>
{
    private readonly List<TransformProgress> _reports = [];

    public IReadOnlyList<TransformProgress> Reports
    {
        get
        {
            lock (_reports)
                return _reports.ToList();
        }
    }

    public void Report(TransformProgress value)
    {
        lock (_reports)
            _reports.Add(value);
    }
}
