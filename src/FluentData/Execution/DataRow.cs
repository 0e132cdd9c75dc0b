namespace FluentData.Execution;

/// <summary>One row read by the keyset query, as the user's function sees it.</summary>
internal sealed class DataRow(RowShape shape, object?[] values) : IDataRow
{
    public object? this[string column] => values[shape.OrdinalOf(column)];

    public object Key => values[shape.KeyOrdinal]!;

    public T? Get<T>(string column)
    {
        var ordinal = shape.OrdinalOf(column);
        var value = values[ordinal];
        if (value is T typed)
            return typed;
        try
        {
            return (T?)ValueConversion.ConvertTo(value, typeof(T));
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException or ArgumentException)
        {
            var name = shape.Table.Columns[ordinal].Name;
            var shown = value is null ? "NULL" : $"{ValueConversion.Describe(value)}";
            var hint = value is null ? $"; ask for Get<{typeof(T).Name}?>(\"{name}\") to accept NULL" : "";
            throw new DataConversionException(
                $"Cannot convert {shown} in {shape.Table.Name}.'{name}' (row with key {Key}) to {typeof(T).Name}: {e.Message}{hint}", e)
            {
                Migration = shape.Migration,
                Table = shape.Table.Name.Name,
                Column = name,
                Key = Key,
                TargetType = typeof(T),
            };
        }
    }
}
