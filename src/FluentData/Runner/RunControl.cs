namespace FluentData.Runner;

/// <summary>What the runner hands to every transform of one call: the caller's cancellation token.</summary>
internal sealed class RunControl
{
    public CancellationToken Cancellation { get; set; }
}
