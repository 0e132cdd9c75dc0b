using System.Data.Common;
using System.Globalization;
using FluentData.Execution;

namespace FluentData.Dialects.Sqlite;

/// <summary>
/// A SQLite table from its pragmas. The key is the primary key, or else the unique index with
/// the fewest columns that is not partial, has no expressions and covers only NOT NULL columns.
/// SQLite enforces a declared type only for an INTEGER PRIMARY KEY (the rowid); any other column
/// may hold any value, which the checks before a write take into account.
/// </summary>
internal static class SqliteCatalog
{
    public static TableSchema? Read(DbConnection connection, DbTransaction? transaction, TableName table)
    {
        var schemaArgument = table.Schema is null ? "" : ", @schema";
        var parameters = new List<(string, object?)> { ("@table", table.Name) };
        if (table.Schema is not null)
            parameters.Add(("@schema", table.Schema));

        // table_xinfo, not table_info: it lists generated columns too (hidden 2 and 3), which no one may write.
        var columns = new List<(string Name, string Type, bool NotNull, int PrimaryKey, bool Generated)>();
        using (var command = Commands.Create(connection, transaction,
                   $"SELECT name, type, \"notnull\", pk, hidden FROM pragma_table_xinfo(@table{schemaArgument}) WHERE hidden <> 1 ORDER BY cid", null, [.. parameters]))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
                columns.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2) != 0, (int)reader.GetInt64(3), reader.GetInt64(4) is 2 or 3));
        }

        if (columns.Count == 0)
            return null;

        var indexes = UniqueIndexes(connection, transaction, schemaArgument, parameters);
        var keySource = "primary key";
        var key = columns.Where(c => c.PrimaryKey > 0).OrderBy(c => c.PrimaryKey).Select(c => c.Name).ToList();
        var rowid = key.Count == 1 && !indexes.Any(i => i.Origin == "pk")
            && string.Equals(columns.Single(c => c.PrimaryKey > 0).Type, "INTEGER", StringComparison.OrdinalIgnoreCase);
        if (key.Count == 0)
        {
            var index = indexes
                .Where(i => i.Origin != "pk" && i.Columns.All(c => c is not null && columns.Any(t => t.Name == c && t.NotNull)))
                .OrderBy(i => i.Columns.Count)
                .FirstOrDefault();
            if (index is not null)
            {
                key = index.Columns!.Select(c => c!).ToList();
                keySource = $"unique index \"{index.Name}\"";
            }
        }

        return new TableSchema(table, columns.Select(c =>
        {
            var position = key.IndexOf(c.Name) + 1;
            var clr = ClrTypeOf(c.Type);
            return new ColumnSchema(c.Name, c.Type, clr, IsNullable: !c.NotNull && !(rowid && position > 0), MaxLengthOf(c.Type), IsKey: position > 0)
            {
                Kind = KindOf(c.Type, clr),
                KeyPosition = position > 0 ? position : null,
                TypeEnforced = rowid && position > 0,
                IsGenerated = c.Generated,
            };
        }).ToList())
        {
            KeySource = keySource,
        };
    }

    private sealed record UniqueIndex(string Name, string Origin, List<string?> Columns);

    private static List<UniqueIndex> UniqueIndexes(DbConnection connection, DbTransaction? transaction, string schemaArgument, List<(string, object?)> parameters)
    {
        var indexes = new List<UniqueIndex>();
        using (var command = Commands.Create(connection, transaction,
                   $"SELECT name, origin FROM pragma_index_list(@table{schemaArgument}) WHERE \"unique\" = 1 AND partial = 0 ORDER BY seq DESC", null, [.. parameters]))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
                indexes.Add(new UniqueIndex(reader.GetString(0), reader.GetString(1), []));
        }

        foreach (var index in indexes)
        {
            using var command = Commands.Create(connection, transaction,
                $"SELECT name FROM pragma_index_info(@index{schemaArgument}) ORDER BY seqno", null,
                [("@index", index.Name), .. parameters.Where(p => p.Item1 == "@schema")]);
            using var reader = command.ExecuteReader();
            while (reader.Read())
                index.Columns.Add(reader.IsDBNull(0) ? null : reader.GetString(0));
        }

        return indexes;
    }

    /// <summary>The .NET type a declared column type stands for, following SQLite's affinity rules.</summary>
    public static Type ClrTypeOf(string declaredType)
    {
        var type = declaredType.ToUpperInvariant();
        if (type.Contains("INT", StringComparison.Ordinal))
            return typeof(long);
        if (type.Contains("CHAR", StringComparison.Ordinal) || type.Contains("CLOB", StringComparison.Ordinal) || type.Contains("TEXT", StringComparison.Ordinal))
            return typeof(string);
        if (type.Length == 0 || type.Contains("BLOB", StringComparison.Ordinal))
            return typeof(object);
        if (type.Contains("REAL", StringComparison.Ordinal) || type.Contains("FLOA", StringComparison.Ordinal) || type.Contains("DOUB", StringComparison.Ordinal))
            return typeof(double);
        if (type.Contains("BOOL", StringComparison.Ordinal) || type == "BIT")
            return typeof(bool);
        if (type.Contains("DATE", StringComparison.Ordinal) || type.Contains("TIME", StringComparison.Ordinal))
            return typeof(DateTime);
        if (type.Contains("GUID", StringComparison.Ordinal) || type.Contains("UNIQUEIDENTIFIER", StringComparison.Ordinal) || type == "UUID")
            return typeof(Guid);
        if (type.Contains("DEC", StringComparison.Ordinal) || type.Contains("NUMERIC", StringComparison.Ordinal) || type.Contains("MONEY", StringComparison.Ordinal))
            return typeof(decimal);
        return typeof(object);
    }

    private static ValueKind KindOf(string declaredType, Type clr)
    {
        var type = declaredType.ToUpperInvariant();
        return clr switch
        {
            _ when clr == typeof(long) => ValueKind.Integer,
            _ when clr == typeof(string) => ValueKind.Text,
            _ when clr == typeof(double) => ValueKind.Double,
            _ when clr == typeof(bool) => ValueKind.Boolean,
            _ when clr == typeof(Guid) => ValueKind.Uuid,
            _ when clr == typeof(decimal) => ValueKind.Decimal,
            _ when clr == typeof(DateTime) && type.Contains("DATE", StringComparison.Ordinal) && !type.Contains("TIME", StringComparison.Ordinal) => ValueKind.Date,
            _ when clr == typeof(DateTime) && !type.Contains("DATE", StringComparison.Ordinal) => ValueKind.Time,
            _ when clr == typeof(DateTime) => ValueKind.Timestamp,
            _ => ValueKind.Any,
        };
    }

    /// <summary>The n of a declared <c>VARCHAR(n)</c>; SQLite ignores it, FluentData holds values to it.</summary>
    public static int? MaxLengthOf(string declaredType)
    {
        if (ClrTypeOf(declaredType) != typeof(string))
            return null;
        var open = declaredType.IndexOf('(', StringComparison.Ordinal);
        var close = declaredType.IndexOf(')', StringComparison.Ordinal);
        return open > 0 && close > open + 1
            && int.TryParse(declaredType.AsSpan(open + 1, close - open - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            ? length
            : null;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SqliteAffinity> Affinities = new(StringComparer.Ordinal);

    /// <summary>SQLite's type affinity of a declared type (section 3.1 of its datatype documentation); asked per value, so remembered per type.</summary>
    public static SqliteAffinity AffinityOf(string declaredType) => Affinities.GetOrAdd(declaredType, Affinity);

    private static SqliteAffinity Affinity(string declaredType)
    {
        var type = declaredType.ToUpperInvariant();
        if (type.Contains("INT", StringComparison.Ordinal))
            return SqliteAffinity.Integer;
        if (type.Contains("CHAR", StringComparison.Ordinal) || type.Contains("CLOB", StringComparison.Ordinal) || type.Contains("TEXT", StringComparison.Ordinal))
            return SqliteAffinity.Text;
        if (type.Length == 0 || type.Contains("BLOB", StringComparison.Ordinal))
            return SqliteAffinity.Blob;
        if (type.Contains("REAL", StringComparison.Ordinal) || type.Contains("FLOA", StringComparison.Ordinal) || type.Contains("DOUB", StringComparison.Ordinal))
            return SqliteAffinity.Real;
        return SqliteAffinity.Numeric;
    }
}
