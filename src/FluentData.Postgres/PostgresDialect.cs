using System.Data;
using System.Data.Common;
using FluentData.Dialects;
using Npgsql;

namespace FluentData.Postgres;

/// <summary>PostgreSQL through Npgsql: catalog reads from pg_catalog, batch writes through arrays.</summary>
internal sealed partial class PostgresDialect() : SqlDialect('"', '"')
{
    /// <summary>
    /// The table is found the way PostgreSQL finds it in the migration's session (<c>to_regclass</c>
    /// follows its search_path), and its schema is returned, so every later statement names it
    /// schema-qualified. Types come with their modifiers (<c>character(3)</c>, <c>numeric(12,3)</c>),
    /// domains with their base type. The key is the primary key, or else the unique index with the
    /// fewest columns that is not partial, has no expressions and covers only NOT NULL columns.
    /// </summary>
    internal const string SchemaQuery = """
        SELECT a.attname,
               format_type(bt.oid, NULL),
               format_type(a.atttypid, a.atttypmod),
               NOT a.attnotnull,
               CASE WHEN bt.oid IN ('pg_catalog.varchar'::regtype, 'pg_catalog.bpchar'::regtype) AND tm.typmod > 4 THEN tm.typmod - 4 END,
               k.position,
               CASE WHEN bt.oid = 'pg_catalog.numeric'::regtype AND tm.typmod > 4 THEN ((tm.typmod - 4) >> 16) & 65535
                    WHEN bt.oid IN ('pg_catalog.timestamp'::regtype, 'pg_catalog.timestamptz'::regtype, 'pg_catalog.time'::regtype) AND tm.typmod >= 0 THEN tm.typmod END,
               CASE WHEN bt.oid = 'pg_catalog.numeric'::regtype AND tm.typmod > 4 THEN (tm.typmod - 4) & 65535 END,
               CASE WHEN bt.typcategory = 'A' THEN format_type(bt.typelem, NULL) END,
               CASE WHEN bt.typtype = 'e' THEN (SELECT array_agg(e.enumlabel::text ORDER BY e.enumsortorder) FROM pg_catalog.pg_enum e WHERE e.enumtypid = bt.oid) END,
               NULL::text,
               n.nspname::text,
               c.relpersistence = 't',
               CASE WHEN ki.indisprimary THEN 'primary key' ELSE 'unique index ' || quote_ident(ki.indexname) END,
               a.attgenerated <> '' OR a.attidentity = 'a'
        FROM pg_catalog.pg_class c
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid
        JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
        JOIN pg_catalog.pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
        CROSS JOIN LATERAL (SELECT CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END AS typmod) tm
        LEFT JOIN LATERAL (
            SELECT i.indkey, i.indnkeyatts, i.indisprimary, ic.relname::text AS indexname
            FROM pg_catalog.pg_index i
            JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
            WHERE i.indrelid = c.oid
              AND (i.indisprimary
                   OR (i.indisunique AND i.indimmediate AND i.indisvalid AND i.indpred IS NULL AND i.indexprs IS NULL
                       AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute ka
                                       WHERE ka.attrelid = c.oid AND ka.attnum = ANY (i.indkey) AND NOT ka.attnotnull)))
            ORDER BY i.indisprimary DESC, i.indnkeyatts, i.indexrelid
            LIMIT 1) ki ON true
        CROSS JOIN LATERAL (
            SELECT (SELECT p.ord FROM unnest(ki.indkey::int2[]) WITH ORDINALITY p(attnum, ord)
                    WHERE p.attnum = a.attnum AND p.ord <= ki.indnkeyatts) AS position) k
        WHERE c.oid = to_regclass(@table)
          AND c.relkind IN ('r', 'p')
          AND a.attnum > 0
          AND NOT a.attisdropped
        ORDER BY a.attnum
        """;

    public override string Name => "PostgreSQL";

    public override bool FailedStatementAbortsTransaction => true;

    /// <summary>
    /// 40001, serialization failure: also what READ COMMITTED raises when a row the UPDATE waits
    /// for is moved to another partition meanwhile; 40P01, deadlock detected.
    /// </summary>
    public override bool IsConflict(DbException error) => error is PostgresException { SqlState: "40001" or "40P01" };

    /// <summary>
    /// <c>xmin</c>, the transaction that wrote the row version: any UPDATE of the row, by anyone,
    /// gives it a new one (VACUUM's freezing keeps it). 32 bits, read by Npgsql as uint.
    /// </summary>
    public override ColumnSchema? RowVersion { get; } = new("xmin", "xid", typeof(uint), IsNullable: false, MaxLength: null, IsKey: false);

    public override int DefaultBatchSize => 10_000;

    /// <summary>Every comparison and CASE branch in the column's own full type: its ordering, collation and length.</summary>
    public override string TypedParameter(string name, ColumnSchema column) => $"CAST({name} AS {column.SqlType})";

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
        ReadCatalog(connection, transaction, table, SchemaQuery, ("@table", QuoteTable(table)));

    protected override ColumnSchema Describe(CatalogColumn column, Type? clrType) => PostgresTypes.Describe(column, clrType);

    protected override string SelectColumn(ColumnSchema column) =>
        column.ReadAsText ? $"{Quote(column.Name)}::text AS {Quote(column.Name)}" : Quote(column.Name);

    public override string? CheckValue(ColumnSchema column, ref object? value) => PostgresTypes.Check(column, ref value);

    /// <summary>A table that differs only in letter case: PostgreSQL folds unquoted names to lower case, FluentData quotes names as written.</summary>
    public override string? SuggestTable(DbConnection connection, DbTransaction? transaction, TableName table)
    {
        using var command = CreateCommand(connection, transaction, """
            SELECT c.relname::text FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE lower(c.relname) = lower(@table) AND c.relkind IN ('r', 'p')
              AND (n.nspname = @schema OR (@schema::text IS NULL AND pg_catalog.pg_table_is_visible(c.oid)))
            ORDER BY c.relname LIMIT 3
            """);
        AddParameter(command, "@table", table.Name);
        AddParameter(command, "@schema", table.Schema);
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
            names.Add(reader.GetString(0));
        return names.Count == 0
            ? null
            : $"Did you mean {string.Join(" or ", names.Select(n => $"'{n}'"))}? FluentData quotes names as written, so their letter case must match.";
    }

    /// <summary>
    /// Compared as text where the type's equality can call different stored values equal (citext
    /// case, interval '1 day' and '24:00:00', numeric 1.0 and 1.00, -0 and 0, box by area) or has
    /// none (json) — byte by byte, in the "C" collation, as the column's own (a nondeterministic
    /// collation) could call 'a' and 'A' equal; as the type itself where equality is identity.
    /// </summary>
    public override string IsDistinct(ColumnSchema column, string left, string right) =>
        column.Kind is ValueKind.Integer or ValueKind.Boolean or ValueKind.Uuid or ValueKind.Bytes or ValueKind.Date or ValueKind.Time
            or ValueKind.Timestamp or ValueKind.TimestampUtc or ValueKind.Enum
            ? $"{left} IS DISTINCT FROM {right}"
            : $"({left})::text COLLATE \"C\" IS DISTINCT FROM ({right})::text COLLATE \"C\"";

    public override object ReadValue(DbDataReader reader, int ordinal, ColumnSchema column) => PostgresTypes.Read(reader, ordinal, column);

    public override ReadAheadConnection? OpenReadAhead(DbConnection connection, DbTransaction? transaction, TableSchema table) =>
        PostgresReadAhead.Open((NpgsqlConnection)connection, (NpgsqlTransaction?)transaction, table, QuoteTable(table.Name));

    /// <summary>
    /// One statement: the rows deleted are the rows inserted, whatever another session does
    /// meanwhile; it returns both counts, which differ when a trigger on the archive skipped a row.
    /// </summary>
    public override IReadOnlyList<string> BuildRangeArchive(TableSchema table, TableName archive, IReadOnlyList<ColumnSchema> columns, string? filter, bool afterKey)
    {
        var names = string.Join(", ", columns.Select(c => Quote(c.Name)));
        return [$"WITH moved AS (DELETE FROM {QuoteTable(table.Name)}{RangeWhere(table, filter, afterKey)} RETURNING {names}), " +
                $"archived AS (INSERT INTO {QuoteTable(archive)} ({names}) SELECT {names} FROM moved RETURNING 1) " +
                "SELECT (SELECT COUNT(*) FROM archived), (SELECT COUNT(*) FROM moved)"];
    }

    public override IBatchWriter CreateWriter(TableSchema table, IReadOnlyList<ColumnSchema> targets) =>
        new PostgresBatchWriter(BuildUpdateFromArrays(table, targets), BuildWrittenRows(table), table.KeyColumns, targets);

    public override IRowInserter CreateInserter(TableSchema table, IReadOnlyList<ColumnSchema> columns) =>
        new PostgresRowInserter(this, table.Name, columns);

    public override IReadOnlyList<(string Column, string Sequence, long Value)> AdvanceSequences(DbConnection connection, DbTransaction? transaction, TableSchema table, IReadOnlyList<ColumnSchema> written)
    {
        var advanced = new List<(string, string, long)>();
        foreach (var column in written.Where(c => c.Kind == ValueKind.Integer))
        {
            using var command = Execution.Commands.Create(connection, transaction, BuildAdvanceSequence(table.Name, column), null,
                ("@table", QuoteTable(table.Name)), ("@column", column.Name));
            using var reader = command.ExecuteReader();
            if (reader.Read())
                advanced.Add((column.Name, reader.GetString(0), reader.GetInt64(1)));
        }

        return advanced;
    }

    public override bool InsertsOnlyRows(DbConnection connection, DbTransaction? transaction, TableSchema table)
    {
        using var command = Execution.Commands.Create(connection, transaction,
            "SELECT NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger t WHERE t.tgrelid = to_regclass(@table) AND NOT t.tgisinternal) " +
            "AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_rewrite r WHERE r.ev_class = to_regclass(@table) AND r.ev_type = '3')", null,
            ("@table", QuoteTable(table.Name)));
        return command.ExecuteScalar() is true;
    }

    /// <summary>
    /// Moves the sequence a column takes its default from — the one it owns (<c>pg_get_serial_sequence</c>:
    /// serial and identity columns), else the one its default's <c>nextval</c> depends on — past the
    /// values in the column, when they are past the sequence's last value: to the largest for an
    /// ascending sequence, to the smallest for a descending one. Returns the sequence and its new
    /// value, or no row.
    /// </summary>
    internal string BuildAdvanceSequence(TableName table, ColumnSchema column) =>
        "SELECT q.seq::text, setval(q.seq, CASE WHEN p.seqincrement > 0 THEN q.hi ELSE q.lo END) " +
        "FROM (SELECT COALESCE(pg_catalog.pg_get_serial_sequence(@table, @column)::regclass, " +
        "(SELECT d.refobjid::regclass FROM pg_catalog.pg_attrdef ad " +
        "JOIN pg_catalog.pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum " +
        "JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_attrdef'::regclass AND d.objid = ad.oid AND d.refclassid = 'pg_catalog.pg_class'::regclass " +
        "JOIN pg_catalog.pg_class s ON s.oid = d.refobjid AND s.relkind = 'S' " +
        "WHERE ad.adrelid = to_regclass(@table) AND a.attname = @column LIMIT 1)) AS seq, " +
        $"(SELECT max({Quote(column.Name)}) FROM {QuoteTable(table)}) AS hi, (SELECT min({Quote(column.Name)}) FROM {QuoteTable(table)}) AS lo) q " +
        "JOIN pg_catalog.pg_sequence p ON p.seqrelid = q.seq " +
        "WHERE q.hi IS NOT NULL AND (" +
        "(p.seqincrement > 0 AND q.hi > COALESCE(pg_catalog.pg_sequence_last_value(q.seq), p.seqstart - p.seqincrement)) OR " +
        "(p.seqincrement < 0 AND q.lo < COALESCE(pg_catalog.pg_sequence_last_value(q.seq), p.seqstart - p.seqincrement)))";

    /// <summary>Binary COPY of the given columns of a table, from the client.</summary>
    internal string BuildCopyIn(TableName table, IReadOnlyList<ColumnSchema> columns) =>
        $"COPY {QuoteTable(table)} ({string.Join(", ", columns.Select(c => Quote(c.Name)))}) FROM STDIN (FORMAT BINARY)";

    /// <summary>Whether COPY into the table <c>@table</c> does what an INSERT would: it has no INSERT rule (COPY ignores rules) and no row-level security (COPY refuses it).</summary>
    internal const string AllowsCopyQuery =
        "SELECT NOT c.relrowsecurity AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_rewrite r WHERE r.ev_class = c.oid AND r.ev_type = '3') " +
        "FROM pg_catalog.pg_class c WHERE c.oid = to_regclass(@table)";

    /// <summary>
    /// One statement per batch: each column's values travel as one array of its own type (text,
    /// cast back, for the types PostgreSQL parses itself), unnested side by side into rows.
    /// </summary>
    internal string BuildInsertFromArrays(TableName table, IReadOnlyList<ColumnSchema> columns) =>
        $"INSERT INTO {QuoteTable(table)} ({string.Join(", ", columns.Select(c => Quote(c.Name)))}) " +
        $"SELECT {string.Join(", ", columns.Select((c, i) => PostgresArrays.Element(c, $"v.c{i}")))} " +
        $"FROM unnest({string.Join(", ", columns.Select((c, i) => $"@c{i}::{PostgresArrays.SqlType(c)}"))}) AS v({string.Join(", ", columns.Select((_, i) => $"c{i}"))})";

    /// <summary>
    /// One statement per batch: the keys and each column's new values travel as arrays of the
    /// columns' own types, joined back by key. A row is written only while its version is the one
    /// read (<c>t.xmin = v.g</c>): a row another session changed since is left for the transform
    /// to read again, and under READ COMMITTED PostgreSQL checks this against the newest version
    /// of a row that changes while the UPDATE waits for it. The key range bound lets the planner
    /// use the key's index instead of scanning the table for every batch. Values PostgreSQL must
    /// parse itself (arrays, enums, intervals...) travel as text and are cast to the column's type.
    /// </summary>
    internal string BuildUpdateFromArrays(TableSchema table, IReadOnlyList<ColumnSchema> targets)
    {
        var keys = table.KeyColumns;
        var assignments = targets.Select((c, i) => $"{Quote(c.Name)} = {PostgresArrays.Element(c, $"v.c{i}")}");
        var arrays = keys.Select((c, i) => $"@k{i}::{c.SqlType}[]")
            .Concat(targets.Select((c, i) => $"@c{i}::{PostgresArrays.SqlType(c)}"))
            .Append("@g::xid[]");
        var aliases = keys.Select((_, i) => $"k{i}").Concat(targets.Select((_, i) => $"c{i}")).Append("g");
        return $"UPDATE {QuoteTable(table.Name)} AS t SET {string.Join(", ", assignments)} " +
               $"FROM unnest({string.Join(", ", arrays)}) AS v({string.Join(", ", aliases)}) " +
               $"WHERE {KeyJoin(table)} AND t.xmin = v.g AND {KeyBetween(table, "t")}";
    }

    /// <summary>
    /// After a batch write that updated fewer rows than it sent: the positions (from 1) of the
    /// rows this transaction wrote — their version is this transaction's id, whose low 32 bits
    /// are what xmin holds.
    /// </summary>
    internal string BuildWrittenRows(TableSchema table)
    {
        var keys = table.KeyColumns;
        return $"SELECT v.i FROM unnest({string.Join(", ", keys.Select((c, i) => $"@k{i}::{c.SqlType}[]"))}) WITH ORDINALITY AS v({string.Join(", ", keys.Select((_, i) => $"k{i}"))}, i) " +
               $"JOIN {QuoteTable(table.Name)} AS t ON {KeyJoin(table)} " +
               "WHERE t.xmin::text::bigint = txid_current() % 4294967296";
    }

    private string KeyJoin(TableSchema table) => string.Join(" AND ", table.KeyColumns.Select((c, i) => $"t.{Quote(c.Name)} = v.k{i}"));

    /// <summary>The key within [<c>@first</c>, <c>@last</c>], columns prefixed with a table alias.</summary>
    private string KeyBetween(TableSchema table, string alias)
    {
        if (table.KeyColumns is not [var key])
            return $"{KeyCompare(table, ">=", "first", alias)} AND {KeyCompare(table, "<=", "last", alias)}";
        return $"{Column(key, alias)} BETWEEN {TypedParameter("@first0", key)} AND {TypedParameter("@last0", key)}";
    }
}
