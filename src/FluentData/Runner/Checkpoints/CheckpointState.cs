namespace FluentData.Runner.Checkpoints;

/// <summary>
/// What a step keeps in the checkpoint table's <c>state</c> column, as JSON: for a transform, the
/// last key it committed (exactly, see <see cref="KeyCodec"/>) and the rows it changed so far; for a
/// row-count check, the count it took when the migration started.
/// </summary>
internal sealed record CheckpointState(string[]? After = null, long Changed = 0, long? Baseline = null)
{
    public string ToJson() => CheckpointJson.Write(this);

    /// <exception cref="FormatException">The text is not a state this version wrote.</exception>
    public static CheckpointState FromJson(string json) => CheckpointJson.Read<CheckpointState>(json, "checkpoint's state");
}
