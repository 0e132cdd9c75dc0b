namespace FluentData.Execution;

/// <summary>
/// Strict ISO 8601 dates and times as seed files write them — <c>2026-12-01</c>, <c>13:45</c>,
/// <c>13:45:00.123</c>, <c>2026-12-01 13:45:00</c> or with a <c>T</c>, an offset <c>Z</c>, <c>+01</c>,
/// <c>+01:00</c> or <c>+0100</c> — read digit by digit: the framework's format-driven parser is
/// culture-aware and costs more than everything else a seed does with a row.
/// </summary>
internal static class IsoDateTime
{
    public static bool TryParseDate(ReadOnlySpan<char> text, out DateOnly date)
    {
        date = default;
        return text.Length == 10 && text[4] == '-' && text[7] == '-'
            && Digits(text[..4], out var year) && Digits(text.Slice(5, 2), out var month) && Digits(text.Slice(8, 2), out var day)
            && year >= 1 && month is >= 1 and <= 12
            && day >= 1 && day <= DateTime.DaysInMonth(year, month) && Assign(new DateOnly(year, month, day), out date);
    }

    public static bool TryParseTime(ReadOnlySpan<char> text, out TimeOnly time)
    {
        time = default;
        if (text.Length < 5 || text[2] != ':' || !Digits(text[..2], out var hour) || !Digits(text.Slice(3, 2), out var minute) || hour > 23 || minute > 59)
            return false;
        var (second, ticks) = (0, 0L);
        var rest = text[5..];
        if (rest.Length > 0)
        {
            if (rest.Length < 3 || rest[0] != ':' || !Digits(rest.Slice(1, 2), out second) || second > 59)
                return false;
            rest = rest[3..];
            if (rest.Length > 0)
            {
                if (rest[0] != '.' || rest.Length is < 2 or > 8 || !Digits(rest[1..], out var fraction))
                    return false;
                ticks = fraction * Pow10(7 - (rest.Length - 1));
            }
        }

        time = new TimeOnly(hour, minute, second).Add(TimeSpan.FromTicks(ticks));
        return true;
    }

    /// <summary>A date and time, with its offset when it gives one.</summary>
    public static bool TryParseTimestamp(ReadOnlySpan<char> text, out DateTime local, out TimeSpan? offset)
    {
        (local, offset) = (default, null);
        if (text.Length == 10)
            return TryParseDate(text, out var day) && Assign(day.ToDateTime(TimeOnly.MinValue), out local);
        if (text.Length < 16 || text[10] is not (' ' or 'T') || !TryParseDate(text[..10], out var date))
            return false;
        var time = text[11..];
        var zone = time.IndexOfAny('Z', '+', '-');
        if (zone < 0 && time.IndexOf('z') is >= 0 and var lower)
            zone = lower;
        if (zone >= 0)
        {
            if (!TryParseOffset(time[zone..], out var parsed))
                return false;
            offset = parsed;
            time = time[..zone].TrimEnd(' ');
        }

        return TryParseTime(time, out var clock) && Assign(date.ToDateTime(clock), out local);
    }

    private static bool TryParseOffset(ReadOnlySpan<char> text, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (text is "Z" or "z")
            return true;
        var sign = text[0] == '-' ? -1 : 1;
        var digits = text[1..];
        int hours, minutes = 0;
        var ok = digits.Length switch
        {
            2 => Digits(digits, out hours),
            4 => Digits(digits[..2], out hours) && Digits(digits[2..], out minutes),
            5 => Digits(digits[..2], out hours) && digits[2] == ':' && Digits(digits[3..], out minutes),
            _ => (hours = 0) != 0,
        };
        if (!ok || hours > 14 || minutes > 59)
            return false;
        offset = sign * new TimeSpan(hours, minutes, 0);
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
                return false;
            value = (value * 10) + (c - '0');
        }

        return text.Length > 0;
    }

    private static long Pow10(int exponent)
    {
        var value = 1L;
        for (var i = 0; i < exponent; i++)
            value *= 10;
        return value;
    }

    private static bool Assign<T>(T value, out T target)
    {
        target = value;
        return true;
    }
}
