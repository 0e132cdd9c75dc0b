using System.Globalization;

namespace FluentData.Runner.Checkpoints;

/// <summary>
/// Writes a key exactly as the driver read it into checkpoint text, and reads it back as the very
/// same .NET value — a GUID keeps its case as text, a date its text form, bytes their bytes — so a
/// resumed transform sends back what the database stored and compares it in the key's own type.
/// Each value is tagged with its .NET type: <c>i64:42</c>, <c>s:alice</c>.
/// </summary>
internal static class KeyCodec
{
    /// <summary>Whether keys of this .NET type can be checkpointed losslessly (<see cref="object"/>: SQLite's any-type column, whose values always can).</summary>
    public static bool Supports(Type type) =>
        type == typeof(object) || type == typeof(long) || type == typeof(int) || type == typeof(short) || type == typeof(byte) || type == typeof(decimal)
        || type == typeof(double) || type == typeof(float) || type == typeof(string) || type == typeof(byte[]) || type == typeof(Guid)
        || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(DateOnly) || type == typeof(TimeOnly)
        || type == typeof(TimeSpan) || type == typeof(bool);

    public static string[] Encode(object?[] parts) => parts.Select(EncodeValue).ToArray();

    /// <exception cref="FormatException">A value is not one this codec wrote.</exception>
    public static object?[] Decode(IReadOnlyList<string> tagged) => tagged.Select(DecodeValue).ToArray();

    private static string EncodeValue(object? value) => value switch
    {
        null => "n:",
        long v => "i64:" + v.ToString(CultureInfo.InvariantCulture),
        int v => "i32:" + v.ToString(CultureInfo.InvariantCulture),
        short v => "i16:" + v.ToString(CultureInfo.InvariantCulture),
        byte v => "u8:" + v.ToString(CultureInfo.InvariantCulture),
        decimal v => "m:" + v.ToString(CultureInfo.InvariantCulture),
        double v => "f64:" + v.ToString("R", CultureInfo.InvariantCulture),
        float v => "f32:" + v.ToString("R", CultureInfo.InvariantCulture),
        string v => "s:" + v,
        byte[] v => "b:" + Convert.ToBase64String(v),
        Guid v => "g:" + v.ToString("D"),
        DateTime v => $"dt:{v.Ticks.ToString(CultureInfo.InvariantCulture)}|{(int)v.Kind}",
        DateTimeOffset v => $"dto:{v.Ticks.ToString(CultureInfo.InvariantCulture)}|{v.Offset.Ticks.ToString(CultureInfo.InvariantCulture)}",
        DateOnly v => "do:" + v.DayNumber.ToString(CultureInfo.InvariantCulture),
        TimeOnly v => "to:" + v.Ticks.ToString(CultureInfo.InvariantCulture),
        TimeSpan v => "ts:" + v.Ticks.ToString(CultureInfo.InvariantCulture),
        bool v => v ? "bool:1" : "bool:0",
        _ => throw new NotSupportedException($"A key of type {value.GetType().Name} cannot be checkpointed."),
    };

    private static object? DecodeValue(string tagged)
    {
        var colon = tagged.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
            throw new FormatException($"'{tagged}' is not a tagged key value");
        var payload = tagged[(colon + 1)..];
        var i = CultureInfo.InvariantCulture;
        return tagged[..colon] switch
        {
            "n" => null,
            "i64" => long.Parse(payload, i),
            "i32" => int.Parse(payload, i),
            "i16" => short.Parse(payload, i),
            "u8" => byte.Parse(payload, i),
            "m" => decimal.Parse(payload, NumberStyles.Float, i),
            "f64" => double.Parse(payload, NumberStyles.Float, i),
            "f32" => float.Parse(payload, NumberStyles.Float, i),
            "s" => payload,
            "b" => Convert.FromBase64String(payload),
            "g" => Guid.Parse(payload, i),
            "dt" => new DateTime(long.Parse(payload.Split('|')[0], i), (DateTimeKind)int.Parse(payload.Split('|')[1], i)),
            "dto" => new DateTimeOffset(long.Parse(payload.Split('|')[0], i), new TimeSpan(long.Parse(payload.Split('|')[1], i))),
            "do" => DateOnly.FromDayNumber(int.Parse(payload, i)),
            "to" => new TimeOnly(long.Parse(payload, i)),
            "ts" => new TimeSpan(long.Parse(payload, i)),
            "bool" => payload == "1",
            var tag => throw new FormatException($"'{tag}' is not a key type FluentData knows"),
        };
    }
}
