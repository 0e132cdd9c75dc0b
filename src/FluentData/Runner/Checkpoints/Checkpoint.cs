namespace FluentData.Runner.Checkpoints;

/// <summary>One row of the checkpoint table: how far step <see cref="Step"/> of a migration got.</summary>
/// <param name="Version">The migration's version.</param>
/// <param name="Step">The index of the expression in the migration's <c>Up()</c>.</param>
/// <param name="Fingerprint">A hash of the migration's expressions, to notice when they change between runs.</param>
/// <param name="Completed">Whether the step finished.</param>
/// <param name="LastKey">For a transform, the key of the last row committed, as text for people to read (at most 400 characters).</param>
/// <param name="RowsDone">For a transform, rows committed so far.</param>
/// <param name="State">What the step needs to resume exactly, as JSON (<see cref="CheckpointState"/>); null when an earlier version of FluentData wrote the row.</param>
internal sealed record Checkpoint(long Version, int Step, string Fingerprint, bool Completed, string? LastKey, long RowsDone, string? State = null);
