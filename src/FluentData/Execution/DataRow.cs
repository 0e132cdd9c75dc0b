namespace FluentData.Execution;

/// <summary>One row, as the user's function sees it.</summary>
internal sealed class DataRow(RowShape shape, IRowSource values) : IDataRow
{
    private IRowSource values = values;
    private RowKey? _key;

    /// <summary>Points this row at the next row's values: one row object serves a whole transform.</summary>
    public void MoveTo(IRowSource next)
    {
        values = next;
        _key = null;
    }

    public object? this[string column] => values.Value(shape.OrdinalOf(column));

    /// <summary>The value at a table ordinal, without marking the column as used by the function.</summary>
    public object? ValueAt(int ordinal) => values.Value(ordinal);

    public RowKey Key => _key ??= shape.KeyOf(values);

    /// <summary>The table the row is read from.</summary>
    public Dialects.TableSchema Table => shape.Table;

    public T? Get<T>(string column) => (T?)GetAs(column, typeof(T));

    /// <summary>A column's value converted to <paramref name="type"/>, losslessly, or an error naming the table, column and row.</summary>
    public object? GetAs(string column, Type type)
    {
        var ordinal = shape.OrdinalOf(column);
        var value = values.Value(ordinal);
        if (type.IsInstanceOfType(value))
            return value;
        try
        {
            return ValueConversion.ConvertTo(value, type);
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException or ArgumentException)
        {
            var name = shape.Table.Columns[ordinal].Name;
            var shown = value is null ? "NULL" : $"{ValueConversion.Describe(value)}";
            var typeName = Nullable.GetUnderlyingType(type) is { } inner ? inner.Name + "?" : type.Name;
            var hint = value is null ? $"; ask for Get<{typeName}?>(\"{name}\") to accept NULL" : "";
            throw new DataConversionException(
                $"Cannot convert {shown} in {shape.Table.Name}.'{name}' (row with key {Key}) to {typeName}: {e.Message}{hint}", e)
            {
                Migration = shape.Migration,
                Table = shape.Table.Name.Name,
                Column = name,
                Key = Key,
                TargetType = type,
            };
        }
    }
}
