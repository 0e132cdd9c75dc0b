using System.Data;
using System.Data.Common;
using System.Globalization;
using FluentData.Execution;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace FluentData.Dialects.Sqlite;

/// <summary>SQLite, through Microsoft.Data.Sqlite: the embedded default.</summary>
internal sealed class SqliteDialect() : SqlDialect('"', '"')
{
    public override string Name => "SQLite";

    public override int DefaultBatchSize => 10_000;

    /// <summary>
    /// SQLite runs in this process, so a C# function can be called from SQL: a transform becomes
    /// one set-based UPDATE per key range that calls it. The function is registered with
    /// SQLite's C API directly (see <see cref="SqliteNative"/>), when the connection runs on the
    /// e_sqlite3 library Microsoft.Data.Sqlite ships; otherwise rows travel as in other databases.
    /// </summary>
    public override IDisposable? RegisterFunction(DbConnection connection, string name, int columns, int targets, Func<int, IRowSource, object?> function) =>
        raw.GetNativeLibraryName() == SqliteNative.Library
            ? SqliteFunctionRegistration.Register(((SqliteConnection)connection).Handle!.DangerousGetHandle(), name, columns, targets > 1, function)
            : null;

    public override bool CanHandle(IDbConnection connection) => connection is SqliteConnection;

    public override bool HandlesProcessor(string processorId) => processorId.StartsWith("SQLite", StringComparison.OrdinalIgnoreCase);

    public override IDatabaseLock CreateLock(string connectionString) => new SqliteFileLock(connectionString);

    public override TableSchema? ReadSchema(DbConnection connection, DbTransaction? transaction, TableName table)
    {
        using var command = CreateCommand(connection, transaction, BuildSchemaQuery(table));
        AddParameter(command, "@table", table.Name);
        if (table.Schema is not null)
            AddParameter(command, "@schema", table.Schema);

        var columns = new List<ColumnSchema>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var declared = reader.GetString(1);
                columns.Add(new ColumnSchema(
                    Name: reader.GetString(0),
                    DataType: declared,
                    ClrType: ClrTypeOf(declared),
                    IsNullable: reader.GetInt64(2) == 0,
                    MaxLength: MaxLengthOf(declared),
                    IsKey: reader.GetInt64(3) > 0));
            }
        }

        return columns.Count == 0 ? null : new TableSchema(table, columns);
    }

    /// <summary>
    /// COUNT(*) walks the whole table in SQLite; for a big table with an integer key the key span
    /// (two index probes) is the estimate, an upper bound when keys have gaps or a filter applies.
    /// </summary>
    public override (long Rows, bool IsEstimate)? CountRows(DbConnection connection, DbTransaction? transaction, TableSchema table, string? filter)
    {
        if (table.KeyColumns[0].ClrType == typeof(long))
        {
            var key = Quote(table.KeyColumns[0].Name);
            // Two subqueries: SQLite answers a lone MIN or MAX from the index, but scans for both at once.
            var from = QuoteTable(table.Name);
            using var command = CreateCommand(connection, transaction, $"SELECT (SELECT MIN({key}) FROM {from}), (SELECT MAX({key}) FROM {from})");
            using var reader = command.ExecuteReader();
            if (reader.Read() && !reader.IsDBNull(0) && reader.GetInt64(1) - reader.GetInt64(0) + 1 is var span && span >= ExactCountLimit)
                return (span, true);
        }

        return base.CountRows(connection, transaction, table, filter);
    }

    public override IBatchWriter CreateWriter(TableSchema table, IReadOnlyList<ColumnSchema> targets) =>
        new SqliteBatchWriter(BuildUpdateRow(table, targets), targets.Count);

    /// <summary>One prepared statement per row: SQLite runs in-process, so a "round trip" is a function call.</summary>
    internal string BuildUpdateRow(TableSchema table, IReadOnlyList<ColumnSchema> targets)
    {
        var assignments = targets.Select((c, i) => $"{Quote(c.Name)} = @v{i}");
        return $"UPDATE {QuoteTable(table.Name)} SET {string.Join(", ", assignments)} WHERE {Quote(table.KeyColumns[0].Name)} = @key";
    }

    internal static string BuildSchemaQuery(TableName table) =>
        "SELECT name, type, \"notnull\", pk FROM pragma_table_info(@table" + (table.Schema is null ? "" : ", @schema") + ") ORDER BY cid";

    /// <summary>The .NET type a declared column type stands for, following SQLite's affinity rules.</summary>
    internal static Type ClrTypeOf(string declaredType)
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

    /// <summary>The n of a declared <c>VARCHAR(n)</c>; SQLite ignores it, FluentData holds values to it.</summary>
    internal static int? MaxLengthOf(string declaredType)
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
}
