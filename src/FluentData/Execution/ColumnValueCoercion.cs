using FluentData.Dialects;

namespace FluentData.Execution;

/// <summary>
/// Checks a value a transform returned against the target column before anything is written,
/// and converts it to the type the driver should send. Returns the problem in words, or null.
/// </summary>
internal static class ColumnValueCoercion
{
    public static string? TryCoerce(ColumnSchema column, ref object? value)
    {
        if (value is DBNull)
            value = null;
        if (value is null)
            return column.IsNullable ? null : "the column is NOT NULL";

        var target = column.ClrType;
        if (target == typeof(object))
            return null;

        if (target == typeof(string))
        {
            if (value is char c)
                value = c.ToString();
            if (value is not string text)
                return $"the column holds text and {value.GetType().Name} is not text; convert it in the transform (e.g. with ToString(CultureInfo.InvariantCulture))";
            return column.MaxLength is { } max && text.Length > max
                ? $"it is {text.Length} characters long and the column holds at most {max}"
                : null;
        }

        if (target.IsInstanceOfType(value))
            return null;

        try
        {
            value = target switch
            {
                _ when ValueConversion.IsNumeric(target) && value is not string => ValueConversion.ToNumber(value, target),
                _ when target == typeof(DateTime) && value is DateTimeOffset or DateOnly => ValueConversion.ConvertTo(value, target),
                _ when target == typeof(DateTimeOffset) && value is DateTime => ValueConversion.ConvertTo(value, target),
                _ when target == typeof(DateOnly) && value is DateTime => ValueConversion.ConvertTo(value, target),
                _ => throw new InvalidCastException($"the column holds {target.Name} and {value.GetType().Name} is not one; convert it in the transform"),
            };
            return null;
        }
        catch (Exception e) when (e is InvalidCastException or OverflowException or FormatException)
        {
            return e is OverflowException ? $"it does not fit the column's type {column.DataType}" : e.Message;
        }
    }
}
