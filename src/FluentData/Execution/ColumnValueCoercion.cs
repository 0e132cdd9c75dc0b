using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluentData.Dialects;

namespace FluentData.Execution;

/// <summary>
/// Checks a value a transform returned against its target column before anything is written,
/// and converts it to the .NET type the driver sends for the column. A conversion happens only
/// when it loses nothing: a number that does not fit, a fraction the column would round, text
/// longer than the column, a time finer than the column keeps — each is refused, with the problem
/// in words. Dialects add what only their database needs (<see cref="IDataDialect.CheckValue"/>).
/// </summary>
internal static class ColumnValueCoercion
{
    /// <returns>The problem in words, or null when <paramref name="value"/> (now converted) can be written.</returns>
    public static string? TryCoerce(ColumnSchema column, ref object? value)
    {
        if (value is DBNull)
            value = null;
        if (value is null)
            return column.IsNullable ? null : "the column is NOT NULL";

        try
        {
            return column.Kind switch
            {
                ValueKind.Any => null,
                ValueKind.Integer => Integer(column, ref value),
                ValueKind.Decimal => Decimal(column, ref value),
                ValueKind.Real or ValueKind.Double => Floating(column, ref value),
                ValueKind.Text => Text(column, ref value),
                ValueKind.Boolean => value is bool ? null : Mismatch(column, value),
                ValueKind.Date => Date(column, ref value),
                ValueKind.Time => Time(column, ref value),
                ValueKind.Timestamp or ValueKind.TimestampUtc or ValueKind.TimestampOffset => Timestamp(column, ref value),
                ValueKind.Uuid => value is Guid ? null : Mismatch(column, value),
                ValueKind.Bytes => Bytes(column, value),
                ValueKind.Json => Json(ref value),
                ValueKind.Interval => value is TimeSpan ? null : Mismatch(column, value),
                _ => value is string ? null : Mismatch(column, value),
            };
        }
        catch (Exception e) when (e is InvalidCastException or OverflowException or FormatException)
        {
            return e is OverflowException ? $"it does not fit the column's type {column.SqlType}" : e.Message;
        }
    }

    private static string Mismatch(ColumnSchema column, object value) =>
        $"the column holds {Describe(column)} and {value.GetType().Name} is not one; convert it in the transform";

    private static string Describe(ColumnSchema column) => column.Kind switch
    {
        ValueKind.Text => "text",
        ValueKind.Boolean => "true/false (bool)",
        ValueKind.Uuid => "GUIDs",
        ValueKind.Interval => "intervals (TimeSpan)",
        _ => column.ClrType.Name,
    };

    private static string? Integer(ColumnSchema column, ref object value)
    {
        if (value.GetType() == column.ClrType)
            return null;
        if (value is string or bool || !(ValueConversion.IsNumeric(value.GetType()) || value.GetType().IsEnum))
            return Mismatch(column, value);
        value = ValueConversion.ToNumber(value, column.ClrType);
        return null;
    }

    private static string? Decimal(ColumnSchema column, ref object value)
    {
        decimal number;
        switch (value)
        {
            case decimal d:
                number = d;
                break;
            case double or float:
                var real = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (double.IsNaN(real) || double.IsInfinity(real))
                    return $"{ValueConversion.Describe(value)} is not a number a decimal column holds";
                number = (decimal)real;
                if ((double)number != real)
                    return $"{ValueConversion.Describe(value)} has no exact decimal value; return a decimal";
                break;
            case string or bool:
                return Mismatch(column, value);
            default:
                if (!ValueConversion.IsNumeric(value.GetType()))
                    return Mismatch(column, value);
                number = Convert.ToDecimal(value, CultureInfo.InvariantCulture);
                break;
        }

        // A decimal has at most 28 digits after the point: a column that keeps more rounds nothing.
        if (column.Scale is { } scale && number.Scale > scale && (scale > 28 || decimal.Round(number, scale) != number))
            return $"it has more than {scale} digits after the point, and {column.SqlType} would round it";
        if (column.Precision is { } precision && column.Scale is { } s && precision - s is >= 0 and < 29
            && Math.Abs(decimal.Truncate(number)) >= Powers[precision - s])
            return $"it has more than {precision - s} digits before the point, which {column.SqlType} cannot hold";

        if (column.ClrType != typeof(decimal))
            value = Convert.ChangeType(number, column.ClrType, CultureInfo.InvariantCulture);
        else if (value is not decimal)
            value = number;
        return null;
    }

    private static readonly decimal[] Powers = [.. Enumerable.Range(0, 29).Select(e => Enumerable.Repeat(10m, e).Aggregate(1m, (p, ten) => p * ten))];

    /// <summary>Floating point: only conversions that give back exactly the value returned.</summary>
    private static string? Floating(ColumnSchema column, ref object value)
    {
        if (value is string or bool || !ValueConversion.IsNumeric(value.GetType()))
            return Mismatch(column, value);

        var single = column.ClrType == typeof(float);
        switch (value)
        {
            case double d when single:
                var narrowed = (float)d;
                if (!double.IsNaN(d) && (double)narrowed != d)
                {
                    return float.IsInfinity(narrowed) && !double.IsInfinity(d)
                        ? $"{ValueConversion.Describe(value)} is beyond the range of {column.SqlType}"
                        : $"{ValueConversion.Describe(value)} would be stored as {narrowed.ToString("R", CultureInfo.InvariantCulture)} in {column.SqlType} (about 7 significant digits); return a float";
                }

                value = narrowed;
                return null;
            case float f:
                value = single ? f : (object)(double)f;
                return null;
            case double d:
                value = d;
                return null;
        }

        // Integers and decimals: exact when they survive the round trip.
        var asDouble = Convert.ToDouble(value, CultureInfo.InvariantCulture);
        var stored = single ? (float)asDouble : asDouble;
        if (!SurvivesAsDouble(value, stored))
            return $"{ValueConversion.Describe(value)} has no exact value in {column.SqlType}; round it or return a {(single ? "float" : "double")}";
        value = single ? (float)stored : (object)stored;
        return null;
    }

    private static bool SurvivesAsDouble(object original, double stored) => original switch
    {
        decimal m => Math.Abs(stored) < 7.9e28 && (decimal)stored == m,
        ulong u => stored is >= 0 and < 1.8446744073709552E19 && (ulong)stored == u,
        _ => stored is >= -9.2233720368547758E18 and < 9.2233720368547758E18 && (long)stored == Convert.ToInt64(original, CultureInfo.InvariantCulture),
    };

    private static string? Text(ColumnSchema column, ref object value)
    {
        if (value is char c)
            value = c.ToString();
        if (value is not string text)
            return $"the column holds text and {value.GetType().Name} is not text; convert it in the transform (e.g. with ToString(CultureInfo.InvariantCulture))";

        if (UnpairedSurrogate(text) is { } index)
            return $"it has an unpaired UTF-16 surrogate at index {index}, which the database would store as U+FFFD";

        if (column.TextLength == TextLength.SingleByte && text.Any(ch => ch > 0x7F))
            return $"it has characters beyond ASCII, which a {column.SqlType} column without a UTF-8 collation may store as '?'; use an nvarchar column";

        if (column.MaxLength is not { } max)
            return null;
        var length = Length(text, column.TextLength);
        if (column.IsPadded && length < max)
        {
            // The database pads char(n) with spaces; padding here writes exactly what it stores.
            value = text + new string(' ', max - length);
            return null;
        }

        if (length <= max)
            return null;
        if (column.IsPadded && text.AsSpan(text.Length - (length - max)).Trim(' ').IsEmpty)
        {
            value = text[..(text.Length - (length - max))];
            return null;
        }

        var unit = column.TextLength switch
        {
            TextLength.Utf16Units => "UTF-16 code units",
            TextLength.Utf8Bytes => "bytes of UTF-8",
            _ => "characters",
        };
        return $"it is {length} {unit} long and the column holds at most {max}";
    }

    private static int? UnpairedSurrogate(string text)
    {
        var first = text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF');
        if (first < 0)
            return null;
        for (var i = first; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                i++;
            else if (char.IsSurrogate(text[i]))
                return i;
        }

        return null;
    }

    /// <summary>The length of text as the database counts it.</summary>
    public static int Length(string text, TextLength unit) => unit switch
    {
        TextLength.Utf16Units or TextLength.SingleByte => text.Length,
        TextLength.Utf8Bytes => Encoding.UTF8.GetByteCount(text),
        _ => CodePoints(text),
    };

    private static int CodePoints(string text)
    {
        var count = text.Length;
        foreach (var c in text)
        {
            if (char.IsLowSurrogate(c))
                count--;
        }

        return count;
    }

    private static string? Date(ColumnSchema column, ref object value)
    {
        DateOnly date;
        switch (value)
        {
            case DateOnly d:
                date = d;
                break;
            case DateTime dt when dt.TimeOfDay == TimeSpan.Zero:
                date = DateOnly.FromDateTime(dt);
                break;
            case DateTime:
                return "it has a time of day, and the column holds dates only; use .Date, or DateOnly";
            default:
                return Mismatch(column, value);
        }

        if (column.ClrType == typeof(DateTime))
            value = date.ToDateTime(TimeOnly.MinValue);
        else if (value is not DateOnly)
            value = date;
        return null;
    }

    private static string? Time(ColumnSchema column, ref object value)
    {
        TimeOnly time;
        switch (value)
        {
            case TimeOnly t:
                time = t;
                break;
            case TimeSpan span when span >= TimeSpan.Zero && span < TimeSpan.FromDays(1):
                time = TimeOnly.FromTimeSpan(span);
                break;
            case TimeSpan:
                return "a time of day is at least 00:00 and less than 24:00";
            default:
                return Mismatch(column, value);
        }

        if (FinerThan(column, time.Ticks) is { } problem)
            return problem;
        value = column.ClrType == typeof(TimeSpan) ? time.ToTimeSpan() : time;
        return null;
    }

    /// <summary>
    /// A timestamp without a zone stores a DateTime's digits, whatever its Kind. An instant
    /// (timestamptz) must say which instant it is: a UTC DateTime or a DateTimeOffset. A column
    /// with an offset takes a DateTimeOffset, or a UTC DateTime as offset zero.
    /// </summary>
    private static string? Timestamp(ColumnSchema column, ref object value)
    {
        if (value is DateOnly day)
            value = day.ToDateTime(TimeOnly.MinValue);

        switch (column.Kind, value)
        {
            case (ValueKind.Timestamp, DateTime dt):
                if (dt.Kind != DateTimeKind.Unspecified)
                    value = DateTime.SpecifyKind(dt, DateTimeKind.Unspecified);
                return FinerThan(column, dt.Ticks);
            case (ValueKind.Timestamp, DateTimeOffset):
                return $"the column ({column.SqlType}) holds a date and time without an offset; return the DateTimeOffset's .DateTime (its local digits) or .UtcDateTime, as you mean";
            case (ValueKind.TimestampUtc, DateTime { Kind: DateTimeKind.Utc } dt):
                return FinerThan(column, dt.Ticks);
            case (ValueKind.TimestampUtc, DateTime dt):
                return $"the column ({column.SqlType}) holds an instant and a DateTime of Kind {dt.Kind} does not say which: return a UTC DateTime (DateTimeKind.Utc) or a DateTimeOffset";
            case (ValueKind.TimestampUtc, DateTimeOffset offset):
                value = offset.UtcDateTime;
                return FinerThan(column, offset.Ticks);
            case (ValueKind.TimestampOffset, DateTimeOffset offset):
                return FinerThan(column, offset.Ticks);
            case (ValueKind.TimestampOffset, DateTime { Kind: DateTimeKind.Utc } dt):
                value = new DateTimeOffset(dt);
                return FinerThan(column, dt.Ticks);
            case (ValueKind.TimestampOffset, DateTime dt):
                return $"the column ({column.SqlType}) keeps an offset and a DateTime of Kind {dt.Kind} has none: return a DateTimeOffset or a UTC DateTime";
            default:
                return Mismatch(column, value);
        }
    }

    /// <summary>The column keeps <see cref="ColumnSchema.Precision"/> fractional-second digits; a finer value would be rounded.</summary>
    private static string? FinerThan(ColumnSchema column, long ticks)
    {
        if (column.Precision is not { } digits || digits >= 7)
            return null;
        var unit = (long)Math.Pow(10, 7 - digits);
        return ticks % unit == 0
            ? null
            : $"it has more than {digits} fractional-second digits, and the column ({column.SqlType}) would round it; truncate it first (e.g. ticks - ticks % {unit})";
    }

    private static string? Bytes(ColumnSchema column, object value)
    {
        if (value is not byte[] bytes)
            return Mismatch(column, value);
        return column.MaxLength is { } max && bytes.Length > max ? $"it is {bytes.Length} bytes long and the column holds at most {max}" : null;
    }

    /// <summary>JSON is written as its text, checked to be JSON before it is written.</summary>
    private static string? Json(ref object value)
    {
        switch (value)
        {
            case JsonElement element:
                value = element.GetRawText();
                return null;
            case JsonDocument document:
                value = document.RootElement.GetRawText();
                return null;
            case JsonNode node:
                value = node.ToJsonString();
                return null;
            case string text:
                try
                {
                    using var _ = JsonDocument.Parse(text);
                    return null;
                }
                catch (JsonException e)
                {
                    return $"it is not valid JSON: {e.Message}";
                }

            default:
                return $"the column holds JSON: return its text, a JsonElement or a JsonNode (serialize a {value.GetType().Name} with JsonSerializer.Serialize)";
        }
    }
}
