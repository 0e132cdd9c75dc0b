using System.Data;
using System.Data.Common;
using System.Globalization;
using FluentData.Dialects;

namespace FluentData.SqlServer;

/// <summary>
/// SQL Server. Its SQL is tested on its exact text; no server runs where FluentData is built, so
/// it has not been executed against one.
/// </summary>
internal sealed partial class SqlServerDialect() : SqlDialect('[', ']')
{
    /// <summary>
    /// Columns with their base types (an alias type's base; the CLR types — hierarchyid, geometry,
    /// geography — share base 240 and are told apart by their own names) and modifiers, the
    /// table's schema, and the key: the primary key, or else the unique index with the fewest
    /// columns that is not filtered or disabled and covers only NOT NULL columns.
    /// </summary>
    internal const string SchemaQuery = """
        SELECT c.name,
               ty.name,
               CASE WHEN ty.name IN (N'varchar', N'char', N'varbinary', N'binary')
                        THEN ty.name + N'(' + CASE WHEN c.max_length = -1 THEN N'max' ELSE CAST(c.max_length AS nvarchar(10)) END + N')'
                    WHEN ty.name IN (N'nvarchar', N'nchar')
                        THEN ty.name + N'(' + CASE WHEN c.max_length = -1 THEN N'max' ELSE CAST(c.max_length / 2 AS nvarchar(10)) END + N')'
                    WHEN ty.name IN (N'decimal', N'numeric')
                        THEN ty.name + N'(' + CAST(c.precision AS nvarchar(10)) + N',' + CAST(c.scale AS nvarchar(10)) + N')'
                    WHEN ty.name IN (N'datetime2', N'datetimeoffset', N'time')
                        THEN ty.name + N'(' + CAST(c.scale AS nvarchar(10)) + N')'
                    ELSE ty.name END,
               c.is_nullable,
               CASE WHEN ty.name IN (N'nvarchar', N'nchar') AND c.max_length > 0 THEN c.max_length / 2
                    WHEN ty.name IN (N'varchar', N'char', N'varbinary', N'binary') AND c.max_length > 0 THEN c.max_length END,
               ic.key_ordinal,
               CASE WHEN ty.name IN (N'decimal', N'numeric') THEN c.precision
                    WHEN ty.name IN (N'datetime2', N'datetimeoffset', N'time') THEN c.scale END,
               CASE WHEN ty.name IN (N'decimal', N'numeric') THEN c.scale END,
               CAST(NULL AS nvarchar(1)),
               CAST(NULL AS nvarchar(1)),
               c.collation_name,
               SCHEMA_NAME(o.schema_id),
               CAST(0 AS bit),
               CASE WHEN ki.is_primary_key = 1 THEN N'primary key' ELSE N'unique index ' + QUOTENAME(ki.name) END,
               CAST(CASE WHEN c.is_computed = 1 OR c.is_identity = 1 OR ty.name = N'timestamp' THEN 1 ELSE 0 END AS bit)
        FROM sys.columns c
        JOIN sys.objects o ON o.object_id = c.object_id
        CROSS APPLY (SELECT CASE WHEN c.system_type_id = 240 THEN TYPE_NAME(c.user_type_id) ELSE TYPE_NAME(c.system_type_id) END AS name) ty
        OUTER APPLY (
            SELECT TOP (1) i.index_id, i.is_primary_key, i.name
            FROM sys.indexes i
            WHERE i.object_id = c.object_id
              AND (i.is_primary_key = 1
                   OR (i.is_unique = 1 AND i.has_filter = 0 AND i.is_disabled = 0
                       AND NOT EXISTS (SELECT 1 FROM sys.index_columns x
                                       JOIN sys.columns xc ON xc.object_id = x.object_id AND xc.column_id = x.column_id
                                       WHERE x.object_id = i.object_id AND x.index_id = i.index_id AND x.is_included_column = 0 AND xc.is_nullable = 1)))
            ORDER BY i.is_primary_key DESC,
                     (SELECT COUNT(*) FROM sys.index_columns y WHERE y.object_id = i.object_id AND y.index_id = i.index_id AND y.is_included_column = 0),
                     i.index_id) ki
        LEFT JOIN sys.index_columns ic ON ic.object_id = c.object_id AND ic.index_id = ki.index_id AND ic.column_id = c.column_id AND ic.is_included_column = 0
        WHERE c.object_id = OBJECT_ID(@table, N'U')
        ORDER BY c.column_id
        """;

    /// <summary>SQL Server accepts at most 2,100 parameters per request; the key range takes two per key column.</summary>
    internal const int MaxParameters = 2_100;

    /// <summary>A table value constructor takes at most 1,000 rows.</summary>
    internal const int MaxRowsPerStatement = 1_000;

    public override string Name => "SQL Server";

    /// <summary>1205: chosen as a deadlock victim; 3960: snapshot isolation update conflict.</summary>
    public override bool IsConflict(DbException error) => error is Microsoft.Data.SqlClient.SqlException { Number: 1205 or 3960 };

    /// <summary>Under 5,000 rows a statement, so SQL Server does not escalate the row locks of a batch to a table lock.</summary>
    public override int DefaultBatchSize => 4_000;

    public override int DefaultServerSideBatchSize => 4_000;

    protected override string OffsetOne => " OFFSET @offset ROWS FETCH NEXT 1 ROWS ONLY";

    /// <summary>
    /// Compared in the column's own type: an nvarchar parameter against a varchar key under a SQL
    /// collation would convert the column, compare in another collation and scan.
    /// </summary>
    public override string TypedParameter(string name, ColumnSchema column) => $"CAST({name} AS {column.SqlType})";

    /// <summary>SQL Server has no row-value comparison: <c>a &gt;= @p0 AND (a &gt; @p0 OR b &gt; @p1)</c>, which still seeks on the key's index.</summary>
    public override string KeyCompare(TableSchema table, string op, string prefix, string? alias = null)
    {
        var keys = table.KeyColumns;
        if (keys.Count == 1 || op == "=")
            return base.KeyCompare(table, op, prefix, alias);

        string Part(int i)
        {
            var column = Column(keys[i], alias);
            var parameter = TypedParameter($"@{prefix}{i}", keys[i]);
            if (i == keys.Count - 1)
                return $"{column} {op} {parameter}";
            var (outer, strict) = op[0] == '>' ? (">=", ">") : ("<=", "<");
            return $"{column} {outer} {parameter} AND ({column} {strict} {parameter} OR {Part(i + 1)})";
        }

        return $"({Part(0)})";
    }

    public override string? CheckValue(ColumnSchema column, ref object? value) => SqlServerTypes.Check(column, ref value);

    /// <summary>
    /// SQL Server before 2022 has no IS DISTINCT FROM; INTERSECT compares NULLs as equal. '=' says
    /// equal for values stored differently, so each kind is compared as what is stored: text as
    /// its UTF-16 code points and length (a column's collation may ignore case, '=' ignores trailing
    /// spaces, and a binary collation of another code page would turn both sides' letters into the
    /// same '?'); datetimeoffset (compared as instants, whatever the offset) and float (0 and -0) as
    /// their bytes; types SQL Server cannot compare at all as their text or bytes.
    /// </summary>
    public override string IsDistinct(ColumnSchema column, string left, string right)
    {
        (left, right) = (Comparable(column, left), Comparable(column, right));
        return IsText(column)
            ? $"NOT EXISTS (SELECT {left} COLLATE Latin1_General_BIN2, DATALENGTH({left}) INTERSECT SELECT {right} COLLATE Latin1_General_BIN2, DATALENGTH({right}))"
            : $"NOT EXISTS (SELECT {left} INTERSECT SELECT {right})";
    }

    private static bool IsText(ColumnSchema column) => column.Kind == ValueKind.Text || column.DataType is "text" or "ntext" or "xml";

    private static string Comparable(ColumnSchema column, string value) => column.DataType switch
    {
        _ when IsText(column) => $"CAST({value} AS nvarchar(max))",
        "datetimeoffset" or "float" or "real" => $"CAST(CAST({value} AS {column.SqlType}) AS varbinary(max))",
        "image" or "geography" or "geometry" => $"CAST({value} AS varbinary(max))",
        _ => value,
    };

    /// <summary>
    /// A value read, sent back to be compared with what the row holds now (<see cref="IsDistinct"/>):
    /// text as the nvarchar it was read as (no trip through the database's default code page), a
    /// rowversion as its 8 bytes, anything else cast to its column's type.
    /// </summary>
    internal string GuardParameter(string name, ColumnSchema column) =>
        column.DataType == "timestamp" ? $"CAST({name} AS binary(8))" : IsText(column) ? name : TypedParameter(name, column);

    /// <summary>The parameter type of a value read, sent back as <see cref="GuardParameter"/> says.</summary>
    internal static DbType? GuardDbType(ColumnSchema column) => IsText(column) ? DbType.String : SqlServerTypes.DbTypeOf(column);

    public override bool CanHandle(IDbConnection connection) =>
        connection.GetType().FullName is "Microsoft.Data.SqlClient.SqlConnection" or "System.Data.SqlClient.SqlConnection";

    public override bool HandlesProcessor(string processorId) => processorId.StartsWith("SqlServer", StringComparison.OrdinalIgnoreCase);

    public override IDatabaseLock CreateLock(string connectionString) => new SqlServerAppLock(connectionString);

    public override string BuildCreateCheckpointTable(TableName table) =>
        $"IF OBJECT_ID(N'{QuoteTable(table).Replace("'", "''", StringComparison.Ordinal)}', N'U') IS NULL CREATE TABLE {QuoteTable(table)} ({CheckpointColumns("nvarchar", "nvarchar(max)")})";

    public override string BuildCreateCheckpointRangesTable(TableName table) =>
        $"IF OBJECT_ID(N'{QuoteTable(table).Replace("'", "''", StringComparison.Ordinal)}', N'U') IS NULL CREATE TABLE {QuoteTable(table)} ({CheckpointRangeColumns("nvarchar", "nvarchar(max)")})";

    public override string BuildCreateHistoryTable(TableName table) =>
        $"IF OBJECT_ID(N'{QuoteTable(table).Replace("'", "''", StringComparison.Ordinal)}', N'U') IS NULL CREATE TABLE {QuoteTable(table)} ({HistoryColumns("nvarchar")})";

    public override string BuildAddCheckpointState(TableName table) =>
        $"ALTER TABLE {QuoteTable(table)} ADD {Quote("state")} nvarchar(max) NULL";

    protected override string SelectPrefix => "TOP (@limit) ";

    protected override string SelectSuffix => "";

    public override TableSchema? ReadSchema(DbConnection connection, DbTransaction? transaction, TableName table) =>
        ReadCatalog(connection, transaction, table, SchemaQuery, ("@table", QuoteTable(table)));

    protected override ColumnSchema Describe(CatalogColumn column, Type? clrType) => SqlServerTypes.Describe(column, clrType);

    /// <summary>One statement: <c>DELETE … OUTPUT deleted.… INTO</c> the archive (which may then have no triggers and no foreign keys).</summary>
    public override IReadOnlyList<string> BuildRangeArchive(TableSchema table, TableName archive, IReadOnlyList<ColumnSchema> columns, string? filter, bool afterKey) =>
        [$"DELETE FROM {QuoteTable(table.Name)} OUTPUT {string.Join(", ", columns.Select(c => $"deleted.{Quote(c.Name)}"))} " +
         $"INTO {QuoteTable(archive)} ({string.Join(", ", columns.Select(c => Quote(c.Name)))}){RangeWhere(table, filter, afterKey)}"];

    public override IBatchWriter CreateWriter(TableSchema table, IReadOnlyList<ColumnSchema> targets) =>
        new SqlServerBatchWriter(this, table, targets);

    public override IRowInserter CreateInserter(TableSchema table, IReadOnlyList<ColumnSchema> columns) =>
        new SqlServerRowInserter(this, table.Name, columns);

    /// <summary>One INSERT of <paramref name="rows"/> rows as a parameterised VALUES list, <c>@v{column}_{row}</c>.</summary>
    internal string BuildInsertValues(TableName table, IReadOnlyList<ColumnSchema> columns, int rows) =>
        $"INSERT INTO {QuoteTable(table)} ({string.Join(", ", columns.Select(c => Quote(c.Name)))}) VALUES " +
        string.Join(", ", Enumerable.Range(0, rows).Select(r => $"({string.Join(", ", columns.Select((_, i) => $"@v{i}_{r}"))})"));

    /// <summary>
    /// An empty staging table with the exact types and collations of the keys, the targets and the
    /// columns read (the guard), copied from the table itself (<c>SELECT TOP (0) ... INTO</c>), so no
    /// type has to be spelled out here; and each row's index in its batch. A rowversion is staged
    /// as the binary(8) it is, since no one may insert into a rowversion column.
    /// </summary>
    internal string BuildCreateStaging(TableSchema table, IReadOnlyList<ColumnSchema> targets, IReadOnlyList<ColumnSchema> guards, string staging) =>
        $"SELECT TOP (0) {string.Join(", ", table.KeyColumns.Select((c, i) => $"t.{Quote(c.Name)} AS [k{i}]"))}" +
        $"{string.Concat(targets.Select((c, i) => $", t.{Quote(c.Name)} AS [c{i}]"))}" +
        $"{string.Concat(guards.Select((c, i) => c.DataType == "timestamp" ? $", CAST(t.{Quote(c.Name)} AS binary(8)) AS [g{i}]" : $", t.{Quote(c.Name)} AS [g{i}]"))}" +
        $", CAST(0 AS int) AS [i] INTO {Quote(staging)} FROM {QuoteTable(table.Name)} AS t";

    internal string BuildClearStaging(string staging) => $"TRUNCATE TABLE {Quote(staging)}";

    internal string BuildDropStaging(string staging) => $"DROP TABLE {Quote(staging)}";

    /// <summary>One UPDATE joined to the staging table the batch was bulk-copied into, bounded to the batch's key range; returns the indexes of the rows written.</summary>
    internal string BuildUpdateFromStaging(TableSchema table, IReadOnlyList<ColumnSchema> targets, IReadOnlyList<ColumnSchema> guards, string staging) =>
        GuardedUpdate(table, targets, guards, "s", $"{Quote(staging)} AS s");

    /// <summary>How many rows one UPDATE can carry within the parameter and row limits, with a parameter per key, target and guard column per row.</summary>
    internal static int RowsPerStatement(int keyCount, int valueCount) =>
        Math.Min(MaxRowsPerStatement, (MaxParameters - (2 * keyCount)) / (keyCount + valueCount));

    /// <summary>
    /// One UPDATE joined to a table value constructor of <paramref name="rows"/> rows, bounded to
    /// the batch's key range so the join seeks the clustered key. Keys and the values read are cast
    /// to their columns' types so the join and the guard compare like with like; each row carries
    /// its index in the statement, and the statement returns the indexes of the rows it wrote.
    /// </summary>
    internal string BuildUpdateFromValues(TableSchema table, IReadOnlyList<ColumnSchema> targets, IReadOnlyList<ColumnSchema> guards, int rows)
    {
        var keys = table.KeyColumns;
        var tuples = Enumerable.Range(0, rows).Select(r => "(" + string.Join(", ", keys.Select((c, k) => TypedParameter($"@k{k}_{r}", c))
            .Concat(targets.Select((_, i) => $"@c{i}_{r}"))
            .Concat(guards.Select((c, g) => GuardParameter($"@g{g}_{r}", c)))
            .Append(r.ToString(CultureInfo.InvariantCulture))) + ")");
        var aliases = string.Join(", ", keys.Select((_, k) => $"[k{k}]").Concat(targets.Select((_, i) => $"[c{i}]")).Concat(guards.Select((_, g) => $"[g{g}]")).Append("[i]"));
        return GuardedUpdate(table, targets, guards, "v", $"(VALUES {string.Join(", ", tuples)}) AS v({aliases})");
    }

    /// <summary>
    /// The UPDATE both writes share: joined by key to the new values in <paramref name="source"/>,
    /// only where every column read still holds what was read (another session may have changed
    /// the row since), recording the index of each row written and returning them.
    /// </summary>
    private string GuardedUpdate(TableSchema table, IReadOnlyList<ColumnSchema> targets, IReadOnlyList<ColumnSchema> guards, string alias, string source)
    {
        var assignments = targets.Select((c, i) => $"t.{Quote(c.Name)} = {alias}.[c{i}]");
        var unchanged = guards.Select((c, g) => $" AND NOT ({IsDistinct(c, $"t.{Quote(c.Name)}", $"{alias}.[g{g}]")})");
        return "DECLARE @written TABLE ([i] int NOT NULL); " +
               $"UPDATE t SET {string.Join(", ", assignments)} OUTPUT {alias}.[i] INTO @written " +
               $"FROM {QuoteTable(table.Name)} AS t " +
               $"INNER JOIN {source} ON {KeyJoin(table, alias)} " +
               $"WHERE {KeyBetween(table)}{string.Concat(unchanged)}; " +
               "SELECT [i] FROM @written";
    }

    private string KeyJoin(TableSchema table, string alias) =>
        string.Join(" AND ", table.KeyColumns.Select((c, i) => $"t.{Quote(c.Name)} = {alias}.[k{i}]"));

    /// <summary>The key of <c>t</c> within [<c>@first</c>, <c>@last</c>].</summary>
    private string KeyBetween(TableSchema table)
    {
        if (table.KeyColumns is not [var key])
            return $"{KeyCompare(table, ">=", "first", "t")} AND {KeyCompare(table, "<=", "last", "t")}";
        return $"{Column(key, "t")} BETWEEN {TypedParameter("@first0", key)} AND {TypedParameter("@last0", key)}";
    }
}
