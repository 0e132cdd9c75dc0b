namespace FluentData.Execution;

/// <summary>What a transform run takes from its surroundings rather than from the migration.</summary>
/// <param name="CommandTimeout">The timeout of each command FluentData runs; null for the driver's default.</param>
/// <param name="Cancellation">Checked between batches.</param>
/// <param name="DryRun">Whether this is a dry run, which keeps the first few changes as samples.</param>
internal sealed record TransformRunSettings(TimeSpan? CommandTimeout, CancellationToken Cancellation, bool DryRun = false);
