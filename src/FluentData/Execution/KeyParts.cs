using System.Globalization;
using FluentData.Dialects;

namespace FluentData.Execution;

/// <summary>
/// A row's key inside the engine: the key columns' values exactly as the driver read them
/// (<c>object?[]</c>, one per key column), so that sent back as parameters they compare equal to
/// what is stored. <see cref="RowKey"/> is what users see.
/// </summary>
internal static class KeyParts
{
    public static IEqualityComparer<object?[]> Comparer { get; } = new PartsComparer();

    /// <summary>Whether two values as the driver gives them are the same: bytes and arrays by content, NULL equal to NULL.</summary>
    public static bool Same(object? a, object? b) => a switch
    {
        byte[] x when b is byte[] y => x.AsSpan().SequenceEqual(y),
        Array x when b is Array y => System.Collections.StructuralComparisons.StructuralEqualityComparer.Equals(x, y),
        _ => Equals(a, b),
    };

    /// <summary>The key in the reader's current row: every column it returns.</summary>
    public static object?[] FromReader(System.Data.Common.DbDataReader reader)
    {
        var key = new object?[reader.FieldCount];
        for (var i = 0; i < key.Length; i++)
            key[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
        return key;
    }

    /// <summary>The key a query for one key returns, with <c>@after</c> (and the other parameters) bound; see <see cref="ReadFirst(System.Data.Common.DbCommand)"/>.</summary>
    public static object?[]? ReadFirst(
        System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction, TimeSpan? timeout, string sql, object?[]? after,
        params (string Name, object? Value)[] more)
    {
        using var command = Commands.Create(connection, transaction, sql, timeout, [.. Commands.Key("after", after), .. more]);
        return ReadFirst(command);
    }

    /// <summary>The key in the first row a query returns; null when it returns none, or only NULLs (an aggregate over no rows).</summary>
    public static object?[]? ReadFirst(System.Data.Common.DbCommand command)
    {
        using var reader = command.ExecuteReader();
        if (!reader.Read())
            return null;
        var key = FromReader(reader);
        return key.All(v => v is null) ? null : key;
    }

    /// <summary>The key of the row whose values (in table order) are <paramref name="row"/>.</summary>
    public static object?[] Of(object?[] row, int[] keyOrdinals)
    {
        var parts = new object?[keyOrdinals.Length];
        for (var i = 0; i < parts.Length; i++)
            parts[i] = row[keyOrdinals[i]];
        return parts;
    }

    /// <summary>The key as users see it: each value in the one .NET type its kind of column has on every database.</summary>
    public static RowKey ToRowKey(TableSchema table, object?[] parts) =>
        new(table.KeyColumns.Select(c => c.Name).ToArray(), parts.Select((p, i) => ToPublic(table.KeyColumns[i], p)).ToArray());

    private static object ToPublic(ColumnSchema column, object? value)
    {
        if (value is null)
            return DBNull.Value;
        try
        {
            return (column.Kind, value) switch
            {
                (_, long or int or short or byte or sbyte or ushort or uint) when column.Kind is ValueKind.Integer or ValueKind.Any
                    => Convert.ToInt64(value, CultureInfo.InvariantCulture),
                (ValueKind.Decimal, long or int or short) => Convert.ToDecimal(value, CultureInfo.InvariantCulture),
                (ValueKind.Decimal, double d) when (double)(decimal)d == d => (decimal)d,
                (ValueKind.Real or ValueKind.Double, float f) => (double)f,
                (ValueKind.Boolean, long l) when l is 0 or 1 => l == 1,
                (ValueKind.Uuid, string s) when Guid.TryParse(s, CultureInfo.InvariantCulture, out var g) => g,
                (ValueKind.Uuid, byte[] { Length: 16 } b) => new Guid(b),
                (ValueKind.Date or ValueKind.Timestamp, DateOnly d) => d.ToDateTime(TimeOnly.MinValue),
                (ValueKind.Date or ValueKind.Timestamp, string s) when !s.Contains('+', StringComparison.Ordinal) && DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var t) => t,
                (ValueKind.TimestampUtc or ValueKind.TimestampOffset, DateTime t) => new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)),
                (ValueKind.TimestampUtc or ValueKind.TimestampOffset, string s) when DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) => t,
                (ValueKind.Decimal, string s) when decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
                (ValueKind.Time, TimeOnly t) => t.ToTimeSpan(),
                (ValueKind.Time, string s) when TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out var t) => t,
                _ => value,
            };
        }
        catch (Exception e) when (e is OverflowException or ArgumentException)
        {
            return value;
        }
    }

    /// <summary>Whether two lists of values are alike value by value, by <paramref name="same"/>.</summary>
    public static bool Pairwise(object?[]? x, object?[]? y, Func<object?, object?, bool> same)
    {
        if (ReferenceEquals(x, y))
            return true;
        if (x is null || y is null || x.Length != y.Length)
            return false;
        for (var i = 0; i < x.Length; i++)
        {
            if (!same(x[i], y[i]))
                return false;
        }

        return true;
    }

    private sealed class PartsComparer : IEqualityComparer<object?[]>
    {
        public bool Equals(object?[]? x, object?[]? y) => Pairwise(x, y, Same);

        public int GetHashCode(object?[] obj)
        {
            var hash = new HashCode();
            foreach (var part in obj)
            {
                if (part is byte[] bytes)
                    hash.AddBytes(bytes);
                else
                    hash.Add(part);
            }

            return hash.ToHashCode();
        }
    }
}
