using System.Globalization;
using System.Text.Json;
using FluentData.Dialects;

namespace FluentData.Execution;

/// <summary>
/// Turns what a seed file holds into a value of its column's type — text from a CSV field or a
/// JSON string, a JSON number, boolean or nested document — strictly and in the invariant culture:
/// a value that does not parse exactly is refused with the reason, never guessed at. The value is
/// then checked against the column like any other (<see cref="IDataDialect.CheckValue"/>).
/// </summary>
internal static class SeedValues
{
    /// <summary>The value <paramref name="text"/> stands for in <paramref name="column"/>.</summary>
    /// <exception cref="FormatException">The text is not a value of the column's type, in words.</exception>
    public static object FromText(ColumnSchema column, ReadOnlySpan<char> text)
    {
        var kind = column.Kind;
        switch (kind)
        {
            case ValueKind.Integer:
                return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole) ? whole : throw Bad(text, "a whole number");
            case ValueKind.Decimal:
                return ExactDecimal(text);
            case ValueKind.Real:
                return float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var single) && InRange(text, single, float.IsInfinity(single))
                    ? single
                    : throw Bad(text, "a number such as 1.5 within the range of real");
            case ValueKind.Double:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && InRange(text, number, double.IsInfinity(number))
                    ? number
                    : throw Bad(text, "a number such as 1.5 within the range of double precision");
            case ValueKind.Boolean:
                return Truth(text) switch
                {
                    true => True,
                    false => False,
                    null => throw Bad(text, "true or false"),
                };
            case ValueKind.Date:
                return IsoDateTime.TryParseDate(text, out var date) ? date : throw Bad(text, "a date such as 2026-12-01");
            case ValueKind.Time:
                return IsoDateTime.TryParseTime(text, out var time) ? time : throw Bad(text, "a time of day such as 13:45:00");
            case ValueKind.Timestamp:
                if (!IsoDateTime.TryParseTimestamp(text, out var local, out var zone))
                    throw Bad(text, "a date and time such as 2026-12-01 13:45:00");
                return zone is null
                    ? local
                    : throw new FormatException($"\"{text.ToString()}\" names a time zone, which a date and time without one does not keep; write the local date and time, such as 2026-12-01 13:45:00");
            case ValueKind.TimestampUtc or ValueKind.TimestampOffset:
                if (!IsoDateTime.TryParseTimestamp(text, out var wall, out var offset))
                    throw Bad(text, "a date and time with its offset, such as 2026-12-01 13:45:00+01:00");
                return offset is { } known
                    ? new DateTimeOffset(wall, known)
                    : throw new FormatException($"\"{text.ToString()}\" does not say which instant it is; add its offset, such as 2026-12-01 13:45:00+01:00 or 2026-12-01T12:45:00Z");
            case ValueKind.Interval when column.ClrType == typeof(TimeSpan):
                return TimeSpan.TryParseExact(text, "c", CultureInfo.InvariantCulture, out var span) ? span : throw Bad(text, "a span such as 1.02:03:04 (days.hours:minutes:seconds)");
            case ValueKind.Uuid:
                return Guid.TryParseExact(text, "D", out var guid) ? guid : throw Bad(text, "a GUID such as 0f8fad5b-d9cb-469f-a165-70867728950e");
            case ValueKind.Bytes:
                return Hex(text);
            case ValueKind.Array:
                throw new FormatException($"column '{column.Name}' holds arrays ({column.SqlType}), which a seed file does not give; seed it from C# rows");
            case ValueKind.Any:
                // A column without a type (SQLite) takes a number that text spells exactly as that number, as SQLite's NUMERIC affinity would.
                return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) ? integer
                    : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real) && text.ContainsAnyInRange('0', '9') ? real
                    : text.ToString();
            default:
                // Text, JSON, enum labels and the types the database parses itself go as written.
                return text.ToString();
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
            case JsonTokenType.StartObject or JsonTokenType.StartArray when column.Kind is ValueKind.Json or ValueKind.Text or ValueKind.Any:
            case JsonTokenType.String or JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False when column.Kind == ValueKind.Json:
                // A JSON column takes the value as the JSON it is: "123" stays a string, [1] an array.
                using (var document = JsonDocument.ParseValue(ref reader))
                    return document.RootElement.GetRawText();
            case JsonTokenType.String:
                return FromText(column, reader.GetString()!);
            case JsonTokenType.True or JsonTokenType.False when column.Kind is ValueKind.Boolean or ValueKind.Any:
                return reader.GetBoolean();
            case JsonTokenType.Number:
                return Number(column, ref reader);
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                throw new FormatException($"a JSON {(reader.TokenType == JsonTokenType.StartObject ? "object" : "array")} is not a value of column '{column.Name}' ({column.SqlType}); only a JSON or text column takes one");
            default:
                throw new FormatException($"JSON {(reader.TokenType is JsonTokenType.True or JsonTokenType.False ? "true/false" : reader.TokenType.ToString())} is not a value of column '{column.Name}' ({column.SqlType})");
        }
    }

    /// <summary>
    /// A decimal number only when .NET's decimal holds it exactly (1.50 keeps its two digits, as
    /// decimal does): more than 28–29 significant digits, or a value below 1e-28, is refused, where
    /// decimal parsing would round it.
    /// </summary>
    private static decimal ExactDecimal(ReadOnlySpan<char> text)
    {
        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value))
            throw Bad(text, "a decimal number such as 12.50");
        // Up to 28 digits and no exponent, the parse is exact; beyond, the digits are compared.
        if ((text.ContainsAny('e', 'E') || Digits(text) > 28) && Spelled(text.ToString()) != Spelled(value.ToString(CultureInfo.InvariantCulture)))
            throw new FormatException($"\"{text.ToString()}\" has more digits than a .NET decimal holds exactly (28 to 29), which would round it; write such a value in SQL");
        return value;
    }

    /// <summary>A decimal number's digits and where its point falls, without sign, exponent, leading or trailing zeros: its value, however written.</summary>
    private static (bool Negative, string Digits, int Point) Spelled(string text)
    {
        var negative = text.StartsWith('-');
        var body = text.TrimStart('+', '-');
        var exponent = 0;
        if (body.IndexOfAny(['e', 'E']) is >= 0 and var e)
        {
            exponent = int.Parse(body[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            body = body[..e];
        }

        var dot = body.IndexOf('.', StringComparison.Ordinal);
        var digits = dot < 0 ? body : body.Remove(dot, 1);
        var point = (dot < 0 ? body.Length : dot) + exponent;
        var leading = digits.Length - digits.TrimStart('0').Length;
        digits = digits[leading..].TrimEnd('0');
        return (negative && digits.Any(d => d != '0'), digits, digits.Length == 0 ? 0 : point - leading);
    }

    /// <summary>Whether a parsed floating-point number is what the text says: not an overflow to infinity, nor an underflow to zero.</summary>
    private static int Digits(ReadOnlySpan<char> text)
    {
        var digits = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
                digits++;
        }

        return digits;
    }

    private static bool InRange(ReadOnlySpan<char> text, double value, bool infinite)
    {
        if (infinite)
            return text.Contains("inf", StringComparison.OrdinalIgnoreCase);
        var mantissa = text.IndexOfAny('e', 'E') is >= 0 and var e ? text[..e] : text;
        return value != 0 || !mantissa.ContainsAnyInRange('1', '9');
    }

    private static readonly object True = true;

    private static readonly object False = false;

    private static bool? Truth(ReadOnlySpan<char> text)
    {
        foreach (var (word, value) in Truths)
        {
            if (text.Equals(word, StringComparison.OrdinalIgnoreCase))
                return value;
        }

        return null;
    }

    private static readonly (string Word, bool Value)[] Truths =
        [("true", true), ("false", false), ("t", true), ("f", false), ("1", true), ("0", false), ("yes", true), ("no", false), ("y", true), ("n", false), ("on", true), ("off", false)];

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

    private static byte[] Hex(ReadOnlySpan<char> text)
    {
        if (!text.StartsWith("\\x", StringComparison.Ordinal) && !text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            throw Bad(text, "bytes in hex after \\x or 0x, such as \\x0aff");
        try
        {
            return Convert.FromHexString(text[2..]);
        }
        catch (FormatException)
        {
            throw Bad(text, "bytes in hex after \\x or 0x, such as \\x0aff");
        }
    }

    private static FormatException Bad(ReadOnlySpan<char> text, string expected) =>
        new($"\"{(text.Length > 40 ? text[..40].ToString() + "…" : text.ToString())}\" is not {expected}");
}
