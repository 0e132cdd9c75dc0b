namespace FluentData.Tests.Infrastructure;

/// <summary>Reports to both: a run is stopped by one (<see cref="StopAfterBatches"/>) and logged by the other (<see cref="ProgressLog"/>).</summary>
public sealed class BothProgress(IProgress<TransformProgress> first, IProgress<TransformProgress> second) : IProgress<TransformProgress>
{
    public void Report(TransformProgress value)
    {
        first.Report(value);
        second.Report(value);
    }
}
