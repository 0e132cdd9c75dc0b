using System.Data;
using System.Data.Common;
using FluentData.Dialects;
using Npgsql;

namespace FluentData.Postgres;

/// <summary>PostgreSQL through Npgsql: catalog reads from pg_catalog, batch writes through arrays.</summary>
internal sealed class PostgresDialect() : SqlDialect('"', '"')
{
    internal const string SchemaQuery = """
        SELECT a.attname,
               format_type(a.atttypid, NULL),
               NOT a.attnotnull,
               CASE WHEN a.atttypid IN ('pg_catalog.varchar'::regtype, 'pg_catalog.bpchar'::regtype) AND a.atttypmod > 4
                    THEN a.atttypmod - 4 END,
               COALESCE(a.attnum = ANY (i.indkey), false)
        FROM pg_catalog.pg_attribute a
        JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_catalog.pg_index i ON i.indrelid = c.oid AND i.indisprimary
        WHERE c.relname = @table
          AND n.nspname = COALESCE(@schema::text, current_schema())
          AND c.relkind IN ('r', 'p')
          AND a.attnum > 0
          AND NOT a.attisdropped
        ORDER BY a.attnum
        """;

    public override string Name => "PostgreSQL";

    public override bool FailedStatementAbortsTransaction => true;

    public override int DefaultBatchSize => 10_000;

    /// <summary>PostgreSQL cannot infer the type of a NULL parameter in a CASE; the column's type says it.</summary>
    public override string TypedParameter(string name, ColumnSchema column) => $"CAST({name} AS {column.DataType})";

    public override bool CanHandle(IDbConnection connection) => connection is NpgsqlConnection;

    public override bool HandlesProcessor(string processorId) => processorId.StartsWith("Postgre", StringComparison.OrdinalIgnoreCase);

    public override IDatabaseLock CreateLock(string connectionString) => new PostgresAdvisoryLock(connectionString);

    /// <summary>
    /// pg_class.reltuples is free; an exact count is taken when the table is small enough for it
    /// to be cheap (or was never analysed), with the filter applied.
    /// </summary>
    public override (long Rows, bool IsEstimate)? CountRows(DbConnection connection, DbTransaction? transaction, TableSchema table, string? filter)
    {
        using (var command = CreateCommand(connection, transaction, "SELECT c.reltuples::bigint FROM pg_catalog.pg_class c WHERE c.oid = @table::regclass"))
        {
            AddParameter(command, "@table", QuoteTable(table.Name));
            if (command.ExecuteScalar() is long estimate && estimate >= ExactCountLimit)
                return (estimate, true);
        }

        return base.CountRows(connection, transaction, table, filter);
    }

    public override TableSchema? ReadSchema(DbConnection connection, DbTransaction? transaction, TableName table) =>
        ReadCatalog(connection, transaction, table, SchemaQuery, ("@table", table.Name), ("@schema", table.Schema));

    protected override string SelectColumn(ColumnSchema column) =>
        column.ReadAsText ? $"{Quote(column.Name)}::text AS {Quote(column.Name)}" : Quote(column.Name);

    /// <summary>
    /// A second connection reads what the migration's would read as long as the migration's
    /// transaction has written nothing yet: the transform itself only writes batches already
    /// read. Online, every read commits on its own. In a transaction the reader holds the
    /// table's share lock for the whole transform, taken without waiting: queued behind another
    /// session's lock request, which waits for the migration, it would wait for ever.
    /// </summary>
    public override ReadAheadConnection? OpenReadAhead(DbConnection connection, DbTransaction? transaction, TableSchema table)
    {
        if (transaction is not null)
        {
            using var written = CreateCommand(connection, transaction, "SELECT txid_current_if_assigned() IS NOT NULL");
            if (written.ExecuteScalar() is not false)
                return null;
        }

        var reader = (NpgsqlConnection)((ICloneable)connection).Clone();
        try
        {
            reader.Open();
        }
        catch (NpgsqlException)
        {
            // No connection to spare (max_connections, a pooler's limit): the reads stay where they were.
            reader.Dispose();
            return null;
        }

        if (transaction is null)
            return new ReadAheadConnection(reader, null);

        var readTransaction = reader.BeginTransaction(IsolationLevel.ReadCommitted);
        try
        {
            using var share = CreateCommand(reader, readTransaction, $"LOCK TABLE {QuoteTable(table.Name)} IN ACCESS SHARE MODE NOWAIT");
            share.ExecuteNonQuery();
            return new ReadAheadConnection(reader, readTransaction);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            readTransaction.Dispose();
            reader.Dispose();
            return null;
        }
    }

    public override IBatchWriter CreateWriter(TableSchema table, IReadOnlyList<ColumnSchema> targets) =>
        new PostgresBatchWriter(BuildUpdateFromArrays(table, targets), table.KeyColumns[0], targets);

    /// <summary>
    /// One statement per batch: the keys and each column's new values travel as arrays, joined
    /// back by key. The key range bound lets the planner use the primary key index instead of
    /// scanning the table for every batch.
    /// </summary>
    internal string BuildUpdateFromArrays(TableSchema table, IReadOnlyList<ColumnSchema> targets)
    {
        var key = table.KeyColumns[0];
        var quotedKey = Quote(key.Name);
        var assignments = targets.Select((c, i) => $"{Quote(c.Name)} = v.c{i}");
        var arrays = targets.Select((c, i) => $"@c{i}::{c.DataType}[]");
        var aliases = targets.Select((_, i) => $"c{i}");
        return $"UPDATE {QuoteTable(table.Name)} AS t SET {string.Join(", ", assignments)} " +
               $"FROM unnest(@keys::{key.DataType}[], {string.Join(", ", arrays)}) AS v(k, {string.Join(", ", aliases)}) " +
               $"WHERE t.{quotedKey} = v.k AND t.{quotedKey} BETWEEN @first AND @last";
    }
}
