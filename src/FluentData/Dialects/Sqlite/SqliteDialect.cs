using System.Data;
using System.Data.Common;
using System.Globalization;
using FluentData.Execution;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace FluentData.Dialects.Sqlite;

/// <summary>SQLite, through Microsoft.Data.Sqlite: the embedded default.</summary>
internal sealed partial class SqliteDialect() : SqlDialect('"', '"')
{
    public override string Name => "SQLite";

    public override int DefaultBatchSize => 10_000;

    /// <summary>A value read is one of SQLite's four storage kinds, stored back exactly as it was.</summary>
    public override bool WritesReadValuesExactly => true;

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

    public override IChangeCounter? RegisterChangeCounter(DbConnection connection, string name) =>
        raw.GetNativeLibraryName() == SqliteNative.Library
            ? SqliteChangeCounter.Register(((SqliteConnection)connection).Handle!.DangerousGetHandle(), name)
            : null;

    public override bool CanHandle(IDbConnection connection) => connection is SqliteConnection;

    public override bool HandlesProcessor(string processorId) => processorId.StartsWith("SQLite", StringComparison.OrdinalIgnoreCase);

    public override IDatabaseLock CreateLock(string connectionString) => new SqliteFileLock(connectionString);

    public override string? CheckValue(ColumnSchema column, ref object? value) => SqliteValues.Check(column, ref value);

    /// <summary>
    /// SQLite's NULL-aware inequality; with the column on the left its affinity applies to the value
    /// as when it is stored, and BINARY keeps a NOCASE column's case changes from comparing equal.
    /// A column without a type keeps 1 and 1.0 as they are, which compare equal: their storage
    /// classes tell them apart.
    /// </summary>
    public override string IsDistinct(ColumnSchema column, string left, string right) =>
        column.Kind == ValueKind.Any
            ? $"({left} IS NOT {right} COLLATE BINARY OR typeof({left}) <> typeof({right}))"
            : $"{left} IS NOT {right} COLLATE BINARY";

    public override TableSchema? ReadSchema(DbConnection connection, DbTransaction? transaction, TableName table)
    {
        try
        {
            return SqliteCatalog.Read(connection, transaction, table);
        }
        catch (SqliteException e) when (table.Schema is not null && e.Message.Contains("unknown database", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
    }

    /// <summary>A SQLite "schema" is an attached database: a schema name from another database (public, dbo) is the usual slip.</summary>
    public override string? SuggestTable(DbConnection connection, DbTransaction? transaction, TableName table)
    {
        if (table.Schema is null)
            return null;
        using var command = CreateCommand(connection, transaction, "SELECT name FROM pragma_database_list ORDER BY seq");
        using var reader = command.ExecuteReader();
        var attached = new List<string>();
        while (reader.Read())
            attached.Add(reader.GetString(0));
        return attached.Contains(table.Schema, StringComparer.OrdinalIgnoreCase)
            ? null
            : $"SQLite has no schema '{table.Schema}': its schemas are the attached databases ({string.Join(", ", attached)}). Leave out InSchema(...) for the main database.";
    }

    /// <summary>Dates and GUIDs are written the way the column already stores them (see <see cref="SqliteValues"/>).</summary>
    public override IReadOnlyList<ColumnSchema> DescribeTargets(DbConnection connection, DbTransaction? transaction, TableSchema table, IReadOnlyList<ColumnSchema> targets) =>
        targets.Select(column =>
        {
            if (column.Kind is not (ValueKind.Date or ValueKind.Time or ValueKind.Timestamp or ValueKind.Uuid))
                return column;
            using var command = CreateCommand(connection, transaction,
                $"SELECT {Quote(column.Name)} FROM {QuoteTable(table.Name)} WHERE {Quote(column.Name)} IS NOT NULL LIMIT 1");
            return column with { Sample = command.ExecuteScalar() };
        }).ToList();

    /// <summary>
    /// COUNT(*) walks the whole table in SQLite; for a big table with an integer key the key span
    /// (two index probes) is the estimate, an upper bound when keys have gaps or a filter applies.
    /// </summary>
    public override (long Rows, bool IsEstimate)? CountRows(DbConnection connection, DbTransaction? transaction, TableSchema table, string? filter)
    {
        if (table.KeyColumns is [{ Kind: ValueKind.Integer, TypeEnforced: true } keyColumn])
        {
            var key = Quote(keyColumn.Name);
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
        new SqliteBatchWriter(this, table, targets);

    public override IRowInserter CreateInserter(TableSchema table, IReadOnlyList<ColumnSchema> columns) =>
        new SqliteRowInserter(this, table, columns);

    /// <summary>
    /// Inserts rows 0 to <c>@count</c> - 1 of a batch whose values a registered function gives,
    /// <c>function(column, row)</c> (<c>function(row)</c> for a single column).
    /// </summary>
    internal string BuildInsertFromFunction(TableName table, IReadOnlyList<ColumnSchema> columns, string function) =>
        "WITH RECURSIVE fluentdata_rows(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM fluentdata_rows WHERE i + 1 < @count) " +
        $"INSERT INTO {QuoteTable(table)} ({string.Join(", ", columns.Select(c => Quote(c.Name)))}) " +
        $"SELECT {string.Join(", ", columns.Select((_, c) => columns.Count > 1 ? $"{function}({c}, i)" : $"{function}(i)"))} FROM fluentdata_rows";

    /// <summary>
    /// One prepared statement per row: SQLite runs in-process, so a "round trip" is a function
    /// call. The row is written only while each column read still holds what was read (@g0,
    /// @g1...), compared as stored: another connection may have written it between read and write.
    /// </summary>
    internal string BuildUpdateRow(TableSchema table, IReadOnlyList<ColumnSchema> targets, IReadOnlyList<ColumnSchema> guards)
    {
        var assignments = targets.Select((c, i) => $"{Quote(c.Name)} = @v{i}");
        var unchanged = guards.Select((c, i) => $" AND NOT ({IsDistinct(c, Quote(c.Name), $"@g{i}")})");
        return $"UPDATE {QuoteTable(table.Name)} SET {string.Join(", ", assignments)} WHERE {KeyCompare(table, "=", "key")}{string.Concat(unchanged)}";
    }

    /// <summary>The .NET type a declared column type stands for, following SQLite's affinity rules.</summary>
    internal static Type ClrTypeOf(string declaredType) => SqliteCatalog.ClrTypeOf(declaredType);

    /// <summary>The n of a declared <c>VARCHAR(n)</c>; SQLite ignores it, FluentData holds values to it.</summary>
    internal static int? MaxLengthOf(string declaredType) => SqliteCatalog.MaxLengthOf(declaredType);
}
