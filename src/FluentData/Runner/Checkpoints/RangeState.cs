namespace FluentData.Runner.Checkpoints;

/// <summary>
/// One part of a transform run on several connections, as its row in the ranges table keeps it:
/// the keys it covers — after <see cref="After"/> (null: from the start) up to and including
/// <see cref="Until"/> (null: to the end of the table), each exact (<see cref="KeyCodec"/>) — the
/// last key it committed, whether it is finished, and the rows it read and changed.
/// </summary>
internal sealed record RangeState(string[]? After, string[]? Until, string[]? Last = null, bool Done = false, long Read = 0, long Changed = 0)
{
    public string ToJson() => CheckpointJson.Write(this);

    /// <exception cref="FormatException">The text is not a state this version wrote.</exception>
    public static RangeState FromJson(string json) => CheckpointJson.Read<RangeState>(json, "range's state");
}
