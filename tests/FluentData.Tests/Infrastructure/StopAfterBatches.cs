namespace FluentData.Tests.Infrastructure;

/// <summary>Progress that cancels the run once a number of batches have been reported: an interruption on every path.</summary>
public sealed class StopAfterBatches : IProgress<TransformProgress>, IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private int _batches;

    /// <summary>Batches to let through before cancelling; null lets every batch through.</summary>
    public int? After { get; set; }

    public CancellationToken Token => _cancel.Token;

    public void Report(TransformProgress value)
    {
        if (!value.Completed && After is { } after && ++_batches >= after)
            _cancel.Cancel();
    }

    public void Dispose() => _cancel.Dispose();
}
