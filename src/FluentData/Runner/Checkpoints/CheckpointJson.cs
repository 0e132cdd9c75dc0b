using System.Text.Json;

namespace FluentData.Runner.Checkpoints;

/// <summary>The JSON a checkpoint keeps its state in.</summary>
internal static class CheckpointJson
{
    public static string Write<T>(T state) => JsonSerializer.Serialize(state);

    /// <exception cref="FormatException">The text is not a state this version wrote.</exception>
    public static T Read<T>(string json, string what)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json) ?? throw new FormatException($"the {what} is empty");
        }
        catch (JsonException e)
        {
            throw new FormatException($"the {what} is not in FluentData's format: {e.Message}", e);
        }
    }
}
