using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using FluentData.Dialects;

namespace FluentData.Execution;

/// <summary>
/// Turns what a seed file holds into a value of its column's type — text from a CSV field or a
/// JSON string, a JSON number, boolean or nested document — strictly and in the invariant culture:
/// a value that does not parse exactly is refused with the reason, never guessed at. The value is
/// then checked against the column like any other (<see cref="IDataDialect.CheckValue"/>).
/// </summary>
internal static partial class SeedValues
{
    private static readonly string[] Timestamps =
        ["yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd"];

    private static readonly string[] Times = ["HH:mm", "HH:mm:ss", "HH:mm:ss.FFFFFFF"];

    /// <summary>The value <paramref name="text"/> stands for in <paramref name="column"/>.</summary>
    /// <exception cref="FormatException">The text is not a value of the column's type, in words.</exception>
    public static object FromText(ColumnSchema column, string text)
    {
        var kind = column.Kind;
        switch (kind)
        {
            case ValueKind.Integer:
                return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole) ? whole : throw Bad(text, "a whole number");
            case ValueKind.Decimal:
                return decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var exact)
                    ? exact
                    : throw Bad(text, "a decimal number such as 12.50");
            case ValueKind.Real:
                return float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var single) ? single : throw Bad(text, "a number such as 1.5");
            case ValueKind.Double:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : throw Bad(text, "a number such as 1.5");
            case ValueKind.Boolean:
                return text.ToUpperInvariant() switch
                {
                    "TRUE" or "T" or "1" or "YES" or "Y" or "ON" => true,
                    "FALSE" or "F" or "0" or "NO" or "N" or "OFF" => false,
                    _ => throw Bad(text, "true or false"),
                };
            case ValueKind.Date:
                return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : throw Bad(text, "a date such as 2026-12-01");
            case ValueKind.Time:
                return TimeOnly.TryParseExact(text, Times, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : throw Bad(text, "a time of day such as 13:45:00");
            case ValueKind.Timestamp:
                if (Zone().IsMatch(text))
                    throw new FormatException($"\"{text}\" names a time zone, which a date and time without one does not keep; write the local date and time, such as 2026-12-01 13:45:00");
                return DateTime.TryParseExact(text, Timestamps, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
                    ? local
                    : throw Bad(text, "a date and time such as 2026-12-01 13:45:00");
            case ValueKind.TimestampUtc or ValueKind.TimestampOffset:
                if (!Zone().IsMatch(text))
                    throw new FormatException($"\"{text}\" does not say which instant it is; add its offset, such as 2026-12-01 13:45:00+01:00 or 2026-12-01T12:45:00Z");
                return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)
                    ? instant
                    : throw Bad(text, "a date and time with its offset, such as 2026-12-01 13:45:00+01:00");
            case ValueKind.Interval when column.ClrType == typeof(TimeSpan):
                return TimeSpan.TryParseExact(text, "c", CultureInfo.InvariantCulture, out var span) ? span : throw Bad(text, "a span such as 1.02:03:04 (days.hours:minutes:seconds)");
            case ValueKind.Uuid:
                return Guid.TryParseExact(text, "D", out var guid) ? guid : throw Bad(text, "a GUID such as 0f8fad5b-d9cb-469f-a165-70867728950e");
            case ValueKind.Bytes:
                return Hex(text);
            case ValueKind.Array:
                throw new FormatException($"column '{column.Name}' holds arrays ({column.SqlType}), which a seed file does not give; seed it from C# rows");
            default:
                // Text, JSON, enum labels and the types the database parses itself go as written.
                return text;
        }
    }

    /// <summary>The value of the JSON token <paramref name="reader"/> stands on, for <paramref name="column"/>; null for JSON null.</summary>
    /// <exception cref="FormatException">The token is not a value of the column's type, in words.</exception>
    public static object? FromJson(ColumnSchema column, ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return FromText(column, reader.GetString()!);
            case JsonTokenType.True or JsonTokenType.False when column.Kind is ValueKind.Boolean or ValueKind.Any:
                return reader.GetBoolean();
            case JsonTokenType.Number:
                return Number(column, ref reader);
            case JsonTokenType.StartObject or JsonTokenType.StartArray when column.Kind is ValueKind.Json or ValueKind.Any:
                using (var document = JsonDocument.ParseValue(ref reader))
                    return document.RootElement.GetRawText();
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                throw new FormatException($"a JSON {(reader.TokenType == JsonTokenType.StartObject ? "object" : "array")} is not a value of column '{column.Name}' ({column.SqlType}); only a JSON column takes one");
            default:
                throw new FormatException($"JSON {(reader.TokenType is JsonTokenType.True or JsonTokenType.False ? "true/false" : reader.TokenType.ToString())} is not a value of column '{column.Name}' ({column.SqlType})");
        }
    }

    private static object Number(ColumnSchema column, ref Utf8JsonReader reader)
    {
        var raw = System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
        return column.Kind switch
        {
            ValueKind.Integer or ValueKind.Decimal or ValueKind.Real or ValueKind.Double => FromText(column, raw),
            ValueKind.Any => reader.TryGetInt64(out var whole) ? whole : reader.GetDouble(),
            _ => throw new FormatException($"the JSON number {raw} is not a value of column '{column.Name}' ({column.SqlType}); write it as a string"),
        };
    }

    private static byte[] Hex(string text)
    {
        var digits = text.StartsWith("\\x", StringComparison.Ordinal) || text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : null;
        try
        {
            return digits is null ? throw Bad(text, "bytes in hex after \\x or 0x, such as \\x0aff") : Convert.FromHexString(digits);
        }
        catch (FormatException)
        {
            throw Bad(text, "bytes in hex after \\x or 0x, such as \\x0aff");
        }
    }

    private static FormatException Bad(string text, string expected) =>
        new($"\"{(text.Length > 40 ? text[..40] + "…" : text)}\" is not {expected}");

    /// <summary>An offset after the time of day: Z, +01, +01:00 or +0100.</summary>
    [GeneratedRegex(@"\d\d:\d\d(:\d\d(\.\d+)?)? ?(Z|[+-]\d\d(:?\d\d)?)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Zone();
}
