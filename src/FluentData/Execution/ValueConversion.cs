using System.Globalization;

namespace FluentData.Execution;

/// <summary>
/// Converts what a driver returned into the type a transform asks for. Lossless conversions
/// only: a number that does not fit, or a fraction asked for as an integer, is an error.
/// </summary>
internal static class ValueConversion
{
    /// <exception cref="InvalidCastException">The value cannot be represented as <paramref name="target"/>.</exception>
    /// <exception cref="FormatException">A string does not parse as <paramref name="target"/>.</exception>
    /// <exception cref="OverflowException">A number does not fit <paramref name="target"/>.</exception>
    public static object? ConvertTo(object? value, Type target)
    {
        var underlying = Nullable.GetUnderlyingType(target);
        if (value is null or DBNull)
        {
            return target.IsValueType && underlying is null
                ? throw new InvalidCastException($"the value is NULL and {target.Name} cannot hold NULL")
                : null;
        }

        var type = underlying ?? target;
        if (type.IsInstanceOfType(value) || type == typeof(object))
            return value;
        if (type == typeof(string))
        {
            // Text of what has one exact spelling; not of bytes or arrays, whose ToString is their type's name.
            return value switch
            {
                char c => c.ToString(),
                bool b => b ? "True" : "False",
                Guid g => g.ToString(),

                // Dates and times in ISO 8601, in full: not the invariant culture's month-first short form.
                DateTime or DateTimeOffset or DateOnly or TimeOnly or TimeSpan => Iso(value),
                IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
                _ => throw Unsupported(value, type),
            };
        }
        if (type.IsEnum)
            return value is string name ? Enum.Parse(type, name, ignoreCase: true) : Enum.ToObject(type, ToNumber(value, Enum.GetUnderlyingType(type)));
        if (type == typeof(bool))
            return ToBoolean(value);
        if (type == typeof(Guid))
            return value switch
            {
                string s => Guid.Parse(s, CultureInfo.InvariantCulture),
                byte[] { Length: 16 } bytes => new Guid(bytes),
                _ => throw Unsupported(value, type),
            };
        if (type == typeof(DateTime))
            return value switch
            {
                // Not a time alone: parsing would give it today's date.
                string s when !s.Contains('-', StringComparison.Ordinal) && !s.Contains('/', StringComparison.Ordinal) =>
                    throw new InvalidCastException($"\"{s}\" has no date, which a DateTime needs"),
                string s => DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                DateTimeOffset offset => offset.UtcDateTime,
                DateOnly date => date.ToDateTime(TimeOnly.MinValue),
                _ => throw Unsupported(value, type),
            };
        if (type == typeof(DateTimeOffset))
            return value switch
            {
                string s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                DateTime dt => new DateTimeOffset(dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt),
                _ => throw Unsupported(value, type),
            };
        if (type == typeof(DateOnly))
            return value switch
            {
                // A date stored as text may carry a midnight time (SQLite's "2026-12-01 00:00:00").
                string s when DateOnly.TryParse(s, CultureInfo.InvariantCulture, out var day) => day,
                string s when DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind) is { TimeOfDay.Ticks: 0 } midnight => DateOnly.FromDateTime(midnight),
                string s => throw new InvalidCastException($"\"{s}\" has a time of day, and DateOnly holds dates only"),
                DateTime dt when dt.TimeOfDay == TimeSpan.Zero => DateOnly.FromDateTime(dt),
                _ => throw Unsupported(value, type),
            };
        if (type == typeof(TimeSpan) && value is string span)
            return TimeSpan.Parse(span, CultureInfo.InvariantCulture);
        if (type == typeof(TimeOnly) && value is string time)
            return TimeOnly.Parse(time, CultureInfo.InvariantCulture);
        if (IsNumeric(type))
            return ToNumber(value, type);
        throw Unsupported(value, type);
    }

    public static bool IsNumeric(Type type) =>
        type == typeof(long) || type == typeof(int) || type == typeof(short) || type == typeof(byte)
        || type == typeof(sbyte) || type == typeof(ushort) || type == typeof(uint) || type == typeof(ulong)
        || type == typeof(decimal) || type == typeof(double) || type == typeof(float);

    public static bool IsIntegral(Type type) => IsNumeric(type) && type != typeof(decimal) && type != typeof(double) && type != typeof(float);

    /// <summary>Converts between numbers (and from numeric strings) without losing anything.</summary>
    public static object ToNumber(object value, Type type)
    {
        if (value is string text)
            value = decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        else if (value is bool flag)
            value = flag ? 1 : 0;
        else if (value.GetType().IsEnum)
            value = Convert.ChangeType(value, Enum.GetUnderlyingType(value.GetType()), CultureInfo.InvariantCulture);

        if (!IsNumeric(value.GetType()))
            throw Unsupported(value, type);
        if (IsIntegral(type) && value is double or float or decimal)
        {
            var fraction = value switch
            {
                double d => d % 1 != 0 || double.IsNaN(d) || double.IsInfinity(d),
                float f => f % 1 != 0 || float.IsNaN(f) || float.IsInfinity(f),
                _ => (decimal)value % 1 != 0,
            };
            if (fraction)
                throw new InvalidCastException($"{Describe(value)} has a fractional part and {type.Name} holds whole numbers");
        }

        return Convert.ChangeType(value, type, CultureInfo.InvariantCulture);
    }

    private static bool ToBoolean(object value) => value switch
    {
        string s when s is "1" or "0" => s == "1",
        string s => bool.Parse(s),
        _ when IsIntegral(value.GetType()) => Convert.ToInt64(value, CultureInfo.InvariantCulture) switch
        {
            0 => false,
            1 => true,
            _ => throw new InvalidCastException($"{Describe(value)} is neither 0 nor 1"),
        },
        _ => throw Unsupported(value, typeof(bool)),
    };

    /// <summary>A date or time as ISO 8601, every digit it has and no more.</summary>
    public static string Iso(object value) => value switch
    {
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture).TrimEnd('.'),
        DateTimeOffset o => o.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture).Replace(".+", "+", StringComparison.Ordinal).Replace(".-", "-", StringComparison.Ordinal),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture).TrimEnd('.'),
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        _ => throw Unsupported(value, typeof(string)),
    };

    /// <summary>"Int64 42" or "String \"abc\"": the type and a short rendering, for messages.</summary>
    public static string Describe(object? value)
    {
        if (value is null)
            return "NULL";
        var text = value switch
        {
            string s => $"\"{(s.Length > 40 ? s[..40] + "…" : s)}\"",
            byte[] b => $"{b.Length} bytes",
            // Dates and times in full, so a message shows the digits a check is about.
            DateTime or DateTimeOffset or DateOnly or TimeOnly or TimeSpan => Iso(value),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
        return $"{value.GetType().Name} {text}";
    }

    private static InvalidCastException Unsupported(object value, Type type) =>
        new($"{Describe(value)} cannot be converted to {type.Name}");
}
