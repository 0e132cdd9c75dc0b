using FluentData.Dialects;
using FluentData.Expressions;

namespace FluentData.Execution;

/// <summary>What a typed transform (<c>Using&lt;T&gt;(row =&gt; ...)</c>) becomes once its table is known: target columns and a row function.</summary>
internal interface ITypedTransform
{
    /// <summary>The row type, for messages and fingerprints.</summary>
    Type RowType { get; }

    /// <summary>
    /// Maps the row type onto <paramref name="table"/> (<see cref="TypedRowMap"/>) and returns the
    /// columns the transform writes — those of <c>.Columns(...)</c>, or every mapped column it can
    /// write — and the function that sets them.
    /// </summary>
    (IReadOnlyList<string> Targets, Action<IDataRow, IColumnValues> Function) Bind(TransformExpression transform, TableSchema table);
}

/// <summary>
/// A transform written against the application's own type: each row is read into a new
/// <typeparamref name="T"/>, the function changes it (or returns a changed copy, as a record's
/// <c>with</c> does), and the properties it changed are written to
/// their columns — only those, each in its column's type; a change to a property the transform
/// does not write (a key, a column left out of <c>.Columns(...)</c>) stops it, naming both.
/// </summary>
internal sealed class TypedTransform<T>(Func<T, T> change) : ITypedTransform
    where T : class
{
    public Type RowType => typeof(T);

    public (IReadOnlyList<string> Targets, Action<IDataRow, IColumnValues> Function) Bind(TransformExpression transform, TableSchema table)
    {
        var map = TypedRowMap.For(typeof(T), table, (why, column) => new TableSchemaException(
            $"Transform on {transform.Target} in {transform.Migration} works on {typeof(T).Name} rows, but {why}. Nothing was changed.")
        {
            Migration = transform.Migration,
            Table = transform.TableName,
            Column = column,
        });
        // Columns named as the table names them (exactly, else in another case when only one matches): "Name" and "name" are two columns.
        var named = transform.Columns.ToList();
        var targets = named.Count > 0
            ? named.Select(n => table.Find(n)?.Name ?? n).ToList()
            : [.. map.Columns.Where(c => !c.IsKey && !c.IsGenerated).Select(c => c.Name)];
        var written = map.Columns.Select(c => targets.Contains(c.Name, StringComparer.Ordinal)).ToArray();
        var names = map.Columns.Select(c => c.Name).ToArray();
        var types = map.Properties.Select(p => p.PropertyType).ToArray();
        var enumsAsText = map.Columns.Select((c, i) => c.Kind is ValueKind.Text or ValueKind.Enum && (Nullable.GetUnderlyingType(types[i]) ?? types[i]).IsEnum).ToArray();
        var sameType = map.Columns.Select(c => map.Columns.Select(o => o.SqlType == c.SqlType && o.DataType == c.DataType).ToArray()).ToArray();

        return (targets, (row, set) =>
        {
            var read = new object?[names.Length];
            object?[]? values = null;
            for (var i = 0; i < names.Length; i++)
            {
                read[i] = row[names[i]];

                // The property gets an array of its own: one changed in place must not be the row's, which is taken for "as read".
                if (read[i] is Array array)
                {
                    values ??= [.. read.Take(i), .. new object?[names.Length - i]];
                    values[i] = types[i].IsInstanceOfType(array) ? array.Clone() : Convert(transform, row, names[i], array, types[i], map.Properties[i].Name);
                    continue;
                }

                if (read[i] is null || types[i].IsInstanceOfType(read[i]))
                {
                    if (values is not null)
                        values[i] = read[i];
                    continue;
                }

                // Converted values go in an array of their own: the values as read are kept for Moved.
                values ??= [.. read.Take(i), .. new object?[names.Length - i]];
                values[i] = Convert(transform, row, names[i], read[i], types[i], map.Properties[i].Name);
            }

            var typed = (T)map.Create(values ?? read);
            var before = map.Read(typed);
            for (var i = 0; i < before.Length; i++)
            {
                // An array changed in place must still show as changed.
                if (before[i] is Array array)
                    before[i] = array.Clone();
            }

            var after = map.Read(change(typed) ?? throw new TransformFailedException(
                $"Transform on {transform.Target} in {transform.Migration} returned null for row {row.Key}; return the row, changed or not.")
            {
                Migration = transform.Migration,
                Table = transform.TableName,
                Key = row.Key,
            });
            for (var i = 0; i < after.Length; i++)
            {
                if (ExactValues.Same(before[i], after[i]))
                    continue;
                if (!written[i])
                {
                    var why = map.Columns[i].IsKey ? $"part of the table's {table.KeySource}, which a transform reads rows by and cannot change"
                        : map.Columns[i].IsGenerated ? "which the database generates itself"
                        : "which is not among the columns of .Columns(...)";
                    throw new TransformFailedException(
                        $"Transform on {transform.Target} in {transform.Migration} changed {typeof(T).Name}.{map.Properties[i].Name} of row {row.Key}, whose column '{names[i]}' it does not write: {why}.")
                    {
                        Migration = transform.Migration,
                        Table = transform.TableName,
                        Column = names[i],
                        Key = row.Key,
                    };
                }

                set[names[i]] = enumsAsText[i] && after[i] is Enum member ? member.ToString() : Moved(i, after[i], before, read, sameType[i]);
            }
        });
    }

    /// <summary>
    /// A value the function took unchanged from another property of a column of the same type is
    /// written as that column gave it (a date stored as text keeps its spelling, an array its
    /// bounds); any other as the property holds it.
    /// </summary>
    private static object? Moved(int target, object? value, object?[] before, object?[] read, bool[] sameType)
    {
        if (value is null)
            return null;
        for (var j = 0; j < before.Length; j++)
        {
            // Only between columns of one type, whose values the driver gives alike: SQLite keeps 'true' and 1 in one BOOLEAN column.
            if (j != target && sameType[j] && ExactValues.Same(before[j], value) && Alike(read[target], read[j]))
                return read[j];
        }

        return value;
    }

    /// <summary>A column's value as the property's type: as read when it is one, converted (losslessly, or with an error naming the row) when not.</summary>
    /// <summary>Whether two values as the driver gave them are of one kind: the same type, both arrays (one column, several shapes), both numbers (SQLite's integer and real in one column).</summary>
    private static bool Alike(object? target, object? source) =>
        target is null || source is null || target.GetType() == source.GetType() || (target is Array && source is Array)
        || (ValueConversion.IsNumeric(target.GetType()) && ValueConversion.IsNumeric(source.GetType()));

    private static object? Convert(TransformExpression transform, IDataRow row, string column, object? value, Type type, string property)
    {
        if (type.IsInstanceOfType(value))
            return value;
        try
        {
            return ValueConversion.ConvertTo(value, type);
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException or ArgumentException)
        {
            throw new TransformFailedException(
                $"Transform on {transform.Target} in {transform.Migration} works on {typeof(T).Name} rows, but row {row.Key} holds {ValueConversion.Describe(value)} in '{column}', " +
                $"which {typeof(T).Name}.{property} cannot hold: {e.Message}", e)
            {
                Migration = transform.Migration,
                Table = transform.TableName,
                Column = column,
                Key = row.Key,
            };
        }
    }
}
