using FluentData.Expressions;

namespace FluentData.Execution;

/// <summary>
/// A copy's mapping over source rows read into the application's own type
/// (<c>Copy.Rows.From(s).To(t).Using&lt;Customer&gt;(c =&gt; new Address(...))</c>): the type is matched
/// to the source table (<see cref="TypedRowMap"/>) at the first row, before anything is inserted,
/// and each row's values converted to its properties, a value a property cannot hold naming the row.
/// </summary>
internal static class TypedSource
{
    public static Action<IDataRow, Action<object>> Map<TSource>(CopyExpression copy, Action<TSource, Action<object>> map)
        where TSource : class
    {
        TypedRowMap? bound = null;
        return (row, insert) =>
        {
            var data = (DataRow)row;
            var typed = bound ??= TypedRowMap.For(typeof(TSource), data.Table, (why, column) => new TableSchemaException(
                $"Copy from {copy.Tables} in {copy.Migration} reads {typeof(TSource).Name} rows, but {why}. Nothing was copied.")
            {
                Migration = copy.Migration,
                Table = copy.TableName,
                Column = column,
            });
            var values = new object?[typed.Columns.Count];
            for (var i = 0; i < values.Length; i++)
                values[i] = data.GetAs(typed.Columns[i].Name, typed.Properties[i].PropertyType);
            map((TSource)typed.Create(values), insert);
        };
    }
}
