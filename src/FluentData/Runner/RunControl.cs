namespace FluentData.Runner;

/// <summary>What the runner hands to every expression of one call: the caller's cancellation token and the mode.</summary>
internal sealed class RunControl
{
    public CancellationToken Cancellation { get; set; }

    /// <summary>Expressions are only being listed: nothing is prepared to run.</summary>
    public bool Planning { get; set; }

    /// <summary>Everything runs in one transaction that is rolled back: no checkpoints, checks report instead of throwing.</summary>
    public bool DryRun { get; set; }
}
