using System.Globalization;
using System.Text.RegularExpressions;
using FluentData.Execution;

namespace FluentData.Dialects.Sqlite;

/// <summary>
/// What a SQLite column stores exactly. SQLite keeps four kinds of values — integers, reals, text
/// and bytes — in any column, and converts a value by the column's affinity: text that looks like
/// a number becomes a number in a NUMERIC or INTEGER column, a number becomes text in a TEXT
/// column. So a value of those four kinds (what a read gives back) is written as it is, unless
/// the column would convert it, which is refused. Other .NET values become one of them the way
/// Microsoft.Data.Sqlite stores them — booleans 0/1, decimals as reals when exact — and dates and
/// GUIDs in the form the column already uses (text with a space or a 'T', bytes or text in the
/// same case), so the column stays comparable and sortable.
/// </summary>
internal static partial class SqliteValues
{
    public static string? Check(ColumnSchema column, ref object? value)
    {
        if (value is null or DBNull)
            return ColumnValueCoercion.TryCoerce(column, ref value);

        if (value is int or short or byte or sbyte or ushort or uint || (value.GetType().IsEnum && column.Kind != ValueKind.Text))
            value = Convert.ToInt64(value, CultureInfo.InvariantCulture);
        else if (value is float single)
            value = (double)single;
        else if (value is char character)
            value = character.ToString();

        if (value is not (long or double or string or byte[]) && ToStorage(column, ref value) is { } problem)
            return problem;

        if (Converted(column, value) is { } conversion)
            return conversion;
        return value is string && column.Kind == ValueKind.Text ? ColumnValueCoercion.TryCoerce(column, ref value) : null;
    }

    /// <summary>What SQLite would change about a value of its own kinds when storing it in this column.</summary>
    private static string? Converted(ColumnSchema column, object value)
    {
        var affinity = SqliteCatalog.AffinityOf(column.DataType);
        return (affinity, value) switch
        {
            (_, double d) when double.IsNaN(d) => "it is NaN, which SQLite stores as NULL",
            (SqliteAffinity.Text, long or double) => $"the column holds text and {value.GetType().Name} is not text: SQLite would store {ValueConversion.Describe(value)} as text; convert it in the transform (e.g. with ToString(CultureInfo.InvariantCulture))",
            (SqliteAffinity.Numeric or SqliteAffinity.Integer or SqliteAffinity.Real, string s) when LooksNumeric().IsMatch(s) =>
                $"SQLite would store the text \"{s}\" in this {column.DataType} column as a number; return a number, or keep the text in a TEXT column",
            (SqliteAffinity.Real, long l) when l is > 1L << 53 or < -(1L << 53) => $"{l} has no exact value as the 8-byte real SQLite stores in a {column.DataType} column",
            (SqliteAffinity.Integer, double d) when d != Math.Floor(d) || double.IsInfinity(d) =>
                $"{ValueConversion.Describe(value)} is not a whole number and the column is declared {column.DataType}: SQLite would keep it as a real; round it, or declare the column REAL or NUMERIC",
            _ => null,
        };
    }

    /// <summary>A .NET value as one of SQLite's four kinds, the way this column stores it.</summary>
    private static string? ToStorage(ColumnSchema column, ref object value)
    {
        switch (value)
        {
            case bool flag:
                value = flag ? 1L : 0L;
                return null;
            case decimal number:
                var real = (double)number;
                if ((decimal)real != number)
                    return $"{number} has no exact value as the 8-byte real SQLite stores it as; keep it as text in a TEXT column";
                value = real == Math.Floor(real) && Math.Abs(real) < 9e18 ? (long)real : real;
                return null;
            case Guid guid:
                return Guid(column, guid, ref value);
            case DateTime or DateTimeOffset or DateOnly:
                return DateText(column, ref value);
            case TimeOnly or TimeSpan:
                var time = value is TimeOnly t ? t.ToTimeSpan() : (TimeSpan)value;
                value = time.ToString("c", CultureInfo.InvariantCulture);
                return null;
            default:
                return $"SQLite has no storage for {value.GetType().Name}; convert it to a number, text or bytes in the transform";
        }
    }

    /// <summary>A GUID as the column's GUIDs already are: 16 bytes (Microsoft.Data.Sqlite's form, also for an empty column) or text of the same form.</summary>
    private static string? Guid(ColumnSchema column, Guid guid, ref object value)
    {
        switch (column.Sample)
        {
            case null or byte[] { Length: 16 }:
                value = guid.ToByteArray();
                return null;
            case string text when System.Guid.TryParse(text, CultureInfo.InvariantCulture, out _):
                var format = text.Length switch { 32 => "N", 38 => "B", _ => "D" };
                var rendered = guid.ToString(format, CultureInfo.InvariantCulture);
                value = text.Any(char.IsUpper) ? rendered.ToUpperInvariant() : rendered;
                return null;
            default:
                return $"column '{column.Name}' stores GUIDs as {ValueConversion.Describe(column.Sample)}, a form FluentData does not write; return that form yourself";
        }
    }

    /// <summary>
    /// A date as the column's dates already are: ISO text with a space (Microsoft.Data.Sqlite's
    /// form, also for an empty column) or a 'T', the same number of fractional digits, and a 'Z' or
    /// an offset when they have one. Dates stored as numbers or in other text are not guessed at.
    /// </summary>
    private static string? DateText(ColumnSchema column, ref object value)
    {
        if (column.Sample is not (null or string))
            return $"column '{column.Name}' stores dates as numbers (e.g. {ValueConversion.Describe(column.Sample)}); return the number you want stored";

        var sample = (string?)column.Sample ?? "";
        if (sample.Length > 0 && !IsoDate().IsMatch(sample))
            return $"column '{column.Name}' stores dates as text like \"{sample}\", a form FluentData does not write; return that text yourself";

        if (value is DateOnly day)
            value = day.ToDateTime(TimeOnly.MinValue);
        if (sample.Length == 10)
        {
            if (value is not DateTime { TimeOfDay.Ticks: 0 } date)
                return $"column '{column.Name}' stores dates without a time (\"{sample}\") and the value has a time of day";
            value = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            return null;
        }

        var separator = sample.Length > 10 ? sample[10] : ' ';
        var fraction = IsoDate().Match(sample).Groups["fraction"].Value;
        var digits = fraction.Length == 0 ? "FFFFFFF" : new string('f', fraction.Length - 1);
        if (fraction.Length > 1 && Ticks(value) % (long)Math.Pow(10, 7 - (fraction.Length - 1)) != 0)
            return $"column '{column.Name}' keeps {fraction.Length - 1} fractional-second digits (\"{sample}\") and the value has more";

        var zone = IsoDate().Match(sample).Groups["zone"].Value;
        var pattern = $"yyyy-MM-dd'{separator}'HH:mm:ss{(digits.StartsWith('F') ? ".FFFFFFF" : "." + digits)}";
        switch (value, zone)
        {
            case (DateTime time, ""):
                value = time.ToString(pattern, CultureInfo.InvariantCulture);
                return null;
            case (DateTimeOffset time, ""):
                if (column.Sample is not null)
                    return $"column '{column.Name}' stores dates without an offset (\"{sample}\"); return the DateTimeOffset's .DateTime or .UtcDateTime, as you mean";
                value = time.ToString(pattern + "zzz", CultureInfo.InvariantCulture);
                return null;
            case (DateTime { Kind: DateTimeKind.Utc } time, "Z"):
                value = time.ToString(pattern, CultureInfo.InvariantCulture) + "Z";
                return null;
            case (DateTimeOffset time, "Z"):
                value = time.UtcDateTime.ToString(pattern, CultureInfo.InvariantCulture) + "Z";
                return null;
            case (DateTimeOffset time, _):
                value = time.ToString(pattern + "zzz", CultureInfo.InvariantCulture);
                return null;
            case (DateTime { Kind: DateTimeKind.Utc } time, _):
                value = new DateTimeOffset(time).ToString(pattern + "zzz", CultureInfo.InvariantCulture);
                return null;
            default:
                return $"column '{column.Name}' stores instants with a zone (\"{sample}\") and a DateTime of Kind {((DateTime)value).Kind} does not say which instant: return a UTC DateTime or a DateTimeOffset";
        }
    }

    private static long Ticks(object value) => value switch
    {
        DateTime time => time.Ticks,
        DateTimeOffset time => time.Ticks,
        _ => 0,
    };

    /// <summary>Text SQLite's numeric affinity turns into a number: an integer or real literal, spaces around allowed.</summary>
    [GeneratedRegex(@"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex LooksNumeric();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?(?<fraction>\.\d+)?(?<zone>Z|[+-]\d{2}:\d{2})?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDate();
}
