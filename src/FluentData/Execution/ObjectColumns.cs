using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations.Schema;
using System.Linq.Expressions;
using System.Reflection;

namespace FluentData.Execution;

/// <summary>
/// The column values an object stands for: each public readable property of a class, record or
/// anonymous type (named by its <see cref="ColumnAttribute"/> when it has one), or each entry of a
/// string-keyed dictionary. A type's properties are read by an accessor compiled once per type,
/// not by reflection per row.
/// </summary>
internal static class ObjectColumns
{
    private static readonly ConcurrentDictionary<Type, (string[] Names, Func<object, object?[]> Read)> Readers = new();

    /// <summary>
    /// The column names the object gives values for, the values in the same order, and whether
    /// they are a dictionary's entries (which may differ from one object to the next) rather than
    /// its type's properties.
    /// </summary>
    public static (IReadOnlyList<string> Names, object?[] Values, bool Entries) Read(object row)
    {
        switch (row)
        {
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                var list = pairs.ToList();
                return (list.Select(p => p.Key).ToArray(), list.Select(p => p.Value).ToArray(), true);
            case System.Collections.IDictionary dictionary:
                // Its own enumerator gives DictionaryEntry; a generic dictionary's IEnumerable gives KeyValuePair.
                var (keys, values) = (new List<string>(), new List<object?>());
                for (var entry = dictionary.GetEnumerator(); entry.MoveNext();)
                {
                    keys.Add(entry.Key as string ?? throw new ArgumentException($"a dictionary of column values has the key {entry.Key}, which is not a column name"));
                    values.Add(entry.Value);
                }

                return (keys, values.ToArray(), true);
            default:
                var (names, read) = Readers.GetOrAdd(row.GetType(), Compile);
                return (names, read(row), false);
        }
    }

    /// <summary>
    /// The columns of <paramref name="table"/> a name given by a row stands for: the column of that
    /// exact name, else the one of that name in another case, else those that are the same ignoring
    /// case and underscores. One match is the column; none or several, the caller's error.
    /// </summary>
    public static IReadOnlyList<Dialects.ColumnSchema> Match(Dialects.TableSchema table, string name) =>
        table.Columns.Where(c => c.Name == name).ToList() is [_] exact ? exact
        : table.Columns.Where(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)).ToList() is [_] cased ? cased
        : table.Columns.Where(c => Loosely(name, c.Name)).ToList();

    /// <summary>
    /// Each name's column of <paramref name="table"/>, of those a row may write: one column per
    /// name (<see cref="Match"/>), none the database generates, none named twice.
    /// <paramref name="refused"/> makes the error from the name, the column it matched (null when
    /// none or several) and why, in words.
    /// </summary>
    public static int[] Ordinals(Dialects.TableSchema table, IReadOnlyList<string> names, Func<string, Dialects.ColumnSchema?, string, Exception> refused)
    {
        var ordinals = new int[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            var matches = Match(table, names[i]);
            if (matches.Count != 1)
                throw refused(names[i], null, Unmatched(table, matches));
            if (matches[0].IsGenerated)
                throw refused(names[i], matches[0], "which the database generates itself and will not let anyone write");
            ordinals[i] = table.IndexOf(matches[0]);
            if (ordinals.AsSpan(0, i).Contains(ordinals[i]))
                throw refused(names[i], matches[0], "a column the row names twice");
        }

        return ordinals;
    }

    /// <summary>Why a name matched <paramref name="matches"/> columns other than one, for a message.</summary>
    public static string Unmatched(Dialects.TableSchema table, IReadOnlyList<Dialects.ColumnSchema> matches) => matches.Count == 0
        ? $"which table {table.Name} has no column for. Its columns are: {string.Join(", ", table.Columns.Select(c => c.Name))}"
        : $"which could be any of the columns {string.Join(", ", matches.Select(c => $"'{c.Name}'"))}; name it exactly";

    /// <summary>Whether the column name <paramref name="name"/> stands for <paramref name="column"/>: the same ignoring case, or ignoring case and underscores.</summary>
    public static bool Loosely(string name, string column) =>
        string.Equals(Squeeze(name), Squeeze(column), StringComparison.OrdinalIgnoreCase);

    private static string Squeeze(string name) => name.Replace("_", "", StringComparison.Ordinal);

    private static (string[] Names, Func<object, object?[]> Read) Compile(Type type)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.GetCustomAttribute<NotMappedAttribute>() is null)
            .ToArray();
        var instance = Expression.Parameter(typeof(object), "row");
        var typed = Expression.Convert(instance, type);
        var values = Expression.NewArrayInit(typeof(object), properties.Select(p => Expression.Convert(Expression.Property(typed, p), typeof(object))));
        var read = Expression.Lambda<Func<object, object?[]>>(values, instance).Compile();
        return (properties.Select(p => p.GetCustomAttribute<ColumnAttribute>()?.Name ?? p.Name).ToArray(), read);
    }
}
