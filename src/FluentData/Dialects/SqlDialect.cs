using System.Data;
using System.Data.Common;
using System.Globalization;
using FluentData.Execution;

namespace FluentData.Dialects;

/// <summary>
/// What the dialects share: quoting with doubled quote characters, the catalog read and the
/// shape of every keyed query. A key is one column or several; every comparison with it is made
/// in the key columns' own types (<see cref="TypedParameter"/>), with parameters
/// <c>@after0</c>, <c>@after1</c>... one per key column.
/// </summary>
internal abstract partial class SqlDialect(char openQuote, char closeQuote) : IDataDialect
{
    public abstract string Name { get; }

    public virtual bool FailedStatementAbortsTransaction => false;

    public abstract int DefaultBatchSize { get; }

    public virtual int DefaultServerSideBatchSize => 50_000;

    public virtual string TypedParameter(string name, ColumnSchema column) => name;

    public virtual ColumnSchema? RowVersion => null;

    public virtual bool IsConflict(DbException error) => false;

    public virtual bool WritesReadValuesExactly => false;

    public virtual string? CheckValue(ColumnSchema column, ref object? value) => ColumnValueCoercion.TryCoerce(column, ref value);

    public virtual IReadOnlyList<ColumnSchema> DescribeTargets(DbConnection connection, DbTransaction? transaction, TableSchema table, IReadOnlyList<ColumnSchema> targets) => targets;

    public virtual object ReadValue(DbDataReader reader, int ordinal, ColumnSchema column) => reader.GetValue(ordinal);

    public virtual string? SuggestTable(DbConnection connection, DbTransaction? transaction, TableName table) => null;

    public virtual ReadAheadConnection? OpenReadAhead(DbConnection connection, DbTransaction? transaction, TableSchema table) => null;

    public virtual IChangeCounter? RegisterChangeCounter(DbConnection connection, string name) => null;

    public virtual IDisposable? RegisterFunction(DbConnection connection, string name, int columns, int targets, Func<int, Execution.IRowSource, object?> function) => null;

    public string BuildRangeEnd(TableSchema table, string? filter, bool afterKey, bool untilKey = false) =>
        $"SELECT {SelectKey(table)} FROM {QuoteTable(table.Name)}{Where(filter, Bounds(table, afterKey, untilKey))} ORDER BY {OrderBy(table)}{OffsetOne}";

    public string BuildRangeMin(TableSchema table, bool afterKey, bool untilKey = false)
    {
        var key = Quote(table.KeyColumns[0].Name);
        return $"SELECT MIN({key}) FROM {QuoteTable(table.Name)}{Where(null, Bounds(table, afterKey, untilKey))}";
    }

    public string BuildRangeLast(TableSchema table, string? filter, bool afterKey, bool untilKey = false) =>
        $"SELECT {SelectPrefix}{SelectKey(table)} FROM {QuoteTable(table.Name)}{Where(filter, Bounds(table, afterKey, untilKey))} " +
        $"ORDER BY {OrderBy(table, " DESC")}{SelectSuffix}";

    public string BuildRangeUpdate(TableSchema table, IReadOnlyList<(ColumnSchema Column, string Value)> assignments, string? filter, bool afterKey, string? onlyWhen = null) =>
        $"UPDATE {QuoteTable(table.Name)} SET {Assign(assignments)}{Where(filter, KeyRange(table, afterKey) + (onlyWhen is null ? "" : $" AND {onlyWhen}"))}";

    public string BuildRangeDelete(TableSchema table, string? filter, bool afterKey) =>
        $"DELETE FROM {QuoteTable(table.Name)}{RangeWhere(table, filter, afterKey)}";

    /// <summary>" WHERE filter AND key in the range": the rows of one range a statement works on.</summary>
    protected string RangeWhere(TableSchema table, string? filter, bool afterKey) => Where(filter, KeyRange(table, afterKey));

    /// <summary>The INSERT … SELECT, then the DELETE: SQLite, whose single writer lets no one add a row to the range between them.</summary>
    public virtual IReadOnlyList<string> BuildRangeArchive(TableSchema table, TableName archive, IReadOnlyList<ColumnSchema> columns, string? filter, bool afterKey)
    {
        var names = string.Join(", ", columns.Select(c => Quote(c.Name)));
        return
        [
            $"INSERT INTO {QuoteTable(archive)} ({names}) SELECT {names} FROM {QuoteTable(table.Name)}{RangeWhere(table, filter, afterKey)}",
            BuildRangeDelete(table, filter, afterKey),
        ];
    }

    public string BuildRangeCopy(TableSchema source, TableName target, IReadOnlyList<(ColumnSchema Column, string Value)> columns, string? filter, bool afterKey) =>
        $"INSERT INTO {QuoteTable(target)} ({string.Join(", ", columns.Select(c => Quote(c.Column.Name)))}) " +
        $"SELECT {string.Join(", ", columns.Select(c => SqlText.Grouped(c.Value)))} FROM {QuoteTable(source.Name)}{RangeWhere(source, filter, afterKey)}";

    public string BuildRangeCount(TableSchema table, string? filter, bool afterKey) =>
        $"SELECT COUNT(*) FROM {QuoteTable(table.Name)}{Where(filter, KeyRange(table, afterKey))}";

    public string BuildRangeChanges(TableSchema table, ColumnSchema column, string value, string? filter, bool afterKey) =>
        $"SELECT {SelectPrefix}{SelectKey(table)}, {SelectColumn(column)}, {SqlText.Grouped(value)} FROM {QuoteTable(table.Name)}" +
        $"{Where(filter, $"{KeyRange(table, afterKey)} AND {IsDistinct(column, Quote(column.Name), SqlText.Grouped(value))}")} ORDER BY {OrderBy(table)}{SelectSuffix}";

    /// <summary>
    /// Whether a column's stored value and a new value differ, NULL-aware — by what is stored, not
    /// by the type's own equality, which may call different values equal (case in a case-insensitive
    /// collation, '1 day' and '24:00:00', 1.0 and 1.00).
    /// </summary>
    public virtual string IsDistinct(ColumnSchema column, string left, string right) => $"{left} IS DISTINCT FROM {right}";

    public string BuildRangeKeys(TableSchema table, string? filter, bool afterKey) =>
        $"SELECT {SelectKey(table)} FROM {QuoteTable(table.Name)}{Where(filter, KeyRange(table, afterKey))} ORDER BY {OrderBy(table)}";

    public string BuildKeyUpdate(TableSchema table, IReadOnlyList<(ColumnSchema Column, string Value)> assignments) =>
        $"UPDATE {QuoteTable(table.Name)} SET {Assign(assignments)} WHERE {KeyCompare(table, "=", "key")}";

    /// <summary>Skips <c>@offset</c> rows and returns the next one.</summary>
    protected virtual string OffsetOne => " LIMIT 1 OFFSET @offset";

    /// <summary>The key columns, quoted, in key order, optionally prefixed by a table alias.</summary>
    public string KeyList(TableSchema table, string? alias = null) =>
        string.Join(", ", table.KeyColumns.Select(c => Column(c, alias)));

    /// <summary>
    /// The key compared with parameters <c>@{prefix}0</c>, <c>@{prefix}1</c>...: one comparison
    /// for a single column, a row-value comparison <c>(a, b) &gt; (@p0, @p1)</c> for several
    /// (the database orders it like ORDER BY a, b and uses the key's index for it).
    /// </summary>
    public virtual string KeyCompare(TableSchema table, string op, string prefix, string? alias = null)
    {
        var keys = table.KeyColumns;
        if (keys.Count == 1)
            return $"{Column(keys[0], alias)} {op} {TypedParameter($"@{prefix}0", keys[0])}";
        if (op == "=")
            return string.Join(" AND ", keys.Select((c, i) => $"{Column(c, alias)} = {TypedParameter($"@{prefix}{i}", c)}"));
        return $"({KeyList(table, alias)}) {op} ({string.Join(", ", keys.Select((c, i) => TypedParameter($"@{prefix}{i}", c)))})";
    }

    /// <summary>A column, quoted, optionally prefixed by a table alias.</summary>
    protected string Column(ColumnSchema column, string? alias) => (alias is null ? "" : alias + ".") + Quote(column.Name);

    /// <summary>
    /// The key columns to order by, named with their table: a column read as text is selected
    /// under its own name, and an unqualified name in ORDER BY would sort by that text instead.
    /// </summary>
    private string OrderBy(TableSchema table, string direction = "") =>
        string.Join(", ", table.KeyColumns.Select(c => $"{QuoteTable(table.Name)}.{Quote(c.Name)}{direction}"));

    /// <summary>Keys in (<c>@after</c>, <c>@upto</c>], or up to <c>@upto</c> for the first range.</summary>
    private string KeyRange(TableSchema table, bool afterKey) =>
        afterKey ? $"{KeyCompare(table, ">", "after")} AND {KeyCompare(table, "<=", "upto")}" : KeyCompare(table, "<=", "upto");

    /// <summary>Keys after <c>@after</c> and up to <c>@until</c>, each when asked for; null for the whole table.</summary>
    private string? Bounds(TableSchema table, bool afterKey, bool untilKey) =>
        (afterKey, untilKey) switch
        {
            (true, true) => $"{KeyCompare(table, ">", "after")} AND {KeyCompare(table, "<=", "until")}",
            (true, false) => KeyCompare(table, ">", "after"),
            (false, true) => KeyCompare(table, "<=", "until"),
            _ => null,
        };

    private string SelectKey(TableSchema table) => string.Join(", ", table.KeyReadColumns.Select(SelectColumn));

    private string Assign(IReadOnlyList<(ColumnSchema Column, string Value)> assignments) =>
        string.Join(", ", assignments.Select(a => $"{Quote(a.Column.Name)} = {SqlText.Grouped(a.Value)}"));

    protected static string Where(string? filter, string? condition)
    {
        var parts = new[] { filter is null ? null : SqlText.Grouped(filter), condition }.Where(p => p is not null).ToList();
        return parts.Count == 0 ? "" : " WHERE " + string.Join(" AND ", parts);
    }

    public abstract bool CanHandle(IDbConnection connection);

    public abstract TableSchema? ReadSchema(DbConnection connection, DbTransaction? transaction, TableName table);

    public abstract IBatchWriter CreateWriter(TableSchema table, IReadOnlyList<ColumnSchema> targets);

    public abstract IRowInserter CreateInserter(TableSchema table, IReadOnlyList<ColumnSchema> columns);

    /// <summary>Asked only where a copy could read ahead, which SQLite and SQL Server do not: there, conservatively, no.</summary>
    public virtual bool InsertsOnlyRows(DbConnection connection, DbTransaction? transaction, TableSchema table) => false;

    /// <summary>SQLite moves an AUTOINCREMENT counter past an explicit value itself; SQL Server refuses explicit values in an identity column.</summary>
    public virtual IReadOnlyList<(string Column, string Sequence, long Value)> AdvanceSequences(DbConnection connection, DbTransaction? transaction, TableSchema table, IReadOnlyList<ColumnSchema> written) => [];

    /// <summary>An INSERT of one row, its values <c>@v0</c>, <c>@v1</c>... one per column.</summary>
    public string BuildInsertRow(TableName table, IReadOnlyList<ColumnSchema> columns) =>
        $"INSERT INTO {QuoteTable(table)} ({string.Join(", ", columns.Select(c => Quote(c.Name)))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"@v{i}"))})";

    public abstract bool HandlesProcessor(string processorId);

    public abstract IDatabaseLock CreateLock(string connectionString);

    /// <summary>Portable column types; SQL Server overrides the text types and the "if not exists".</summary>
    public virtual string BuildCreateCheckpointTable(TableName table) =>
        $"CREATE TABLE IF NOT EXISTS {QuoteTable(table)} ({CheckpointColumns("varchar", "text")})";

    public virtual string BuildCreateCheckpointRangesTable(TableName table) =>
        $"CREATE TABLE IF NOT EXISTS {QuoteTable(table)} ({CheckpointRangeColumns("varchar", "text")})";

    protected string CheckpointRangeColumns(string text, string longText) =>
        $"{Quote("version")} bigint NOT NULL, {Quote("step")} integer NOT NULL, {Quote("part")} integer NOT NULL, " +
        $"{Quote("state")} {longText} NOT NULL, {Quote("updated_at")} {text}(40) NOT NULL, PRIMARY KEY ({Quote("version")}, {Quote("step")}, {Quote("part")})";

    public virtual string BuildCreateHistoryTable(TableName table) =>
        $"CREATE TABLE IF NOT EXISTS {QuoteTable(table)} ({HistoryColumns("varchar")})";

    protected string HistoryColumns(string text) =>
        $"{Quote("version")} bigint NOT NULL PRIMARY KEY, {Quote("fingerprint")} {text}(64) NOT NULL, {Quote("applied_at")} {text}(40) NOT NULL";

    /// <summary>Adds the column newer versions keep their resume state in to a table an older version created.</summary>
    public virtual string BuildAddCheckpointState(TableName table) =>
        $"ALTER TABLE {QuoteTable(table)} ADD {Quote("state")} text NULL";

    protected string CheckpointColumns(string text, string longText) =>
        $"{Quote("version")} bigint NOT NULL, {Quote("step")} integer NOT NULL, {Quote("fingerprint")} {text}(64) NOT NULL, " +
        $"{Quote("completed")} integer NOT NULL, {Quote("last_key")} {text}(400) NULL, {Quote("rows_done")} bigint NOT NULL, " +
        $"{Quote("updated_at")} {text}(40) NOT NULL, {Quote("state")} {longText} NULL, PRIMARY KEY ({Quote("version")}, {Quote("step")})";

    /// <summary>Up to this many rows an exact count is cheap enough; above it dialects estimate.</summary>
    public const long ExactCountLimit = 100_000;

    public virtual (long Rows, bool IsEstimate)? CountRows(DbConnection connection, DbTransaction? transaction, TableSchema table, string? filter)
    {
        using var command = CreateCommand(connection, transaction, BuildCount(table, filter));
        return (Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture), false);
    }

    public string Quote(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        return openQuote + identifier.Replace(closeQuote.ToString(), new string(closeQuote, 2), StringComparison.Ordinal) + closeQuote;
    }

    public string QuoteTable(TableName table) =>
        table.Schema is null ? Quote(table.Name) : $"{Quote(table.Schema)}.{Quote(table.Name)}";

    public string BuildCount(TableSchema table, string? condition) =>
        $"SELECT COUNT(*) FROM {QuoteTable(table.Name)}{Where(condition, null)}";

    public string BuildFindKeys(TableSchema table, string condition) =>
        $"SELECT {SelectPrefix}{SelectKey(table)} FROM {QuoteTable(table.Name)}{Where(condition, null)} ORDER BY {OrderBy(table)}{SelectSuffix}";

    public string BuildSelectKeyRange(TableSchema table, IReadOnlyList<ColumnSchema> columns, string? filter = null) =>
        $"SELECT {string.Join(", ", columns.Select(SelectColumn))} FROM {QuoteTable(table.Name)}" +
        Where(filter, $"{KeyCompare(table, ">=", "first")} AND {KeyCompare(table, "<=", "last")}");

    public string BuildSelectBatch(TableSchema table, IReadOnlyList<ColumnSchema> columns, string? filter, bool afterKey, bool untilKey = false) =>
        $"SELECT {SelectPrefix}{string.Join(", ", columns.Select(SelectColumn))} FROM {QuoteTable(table.Name)}" +
        $"{Where(filter, Bounds(table, afterKey, untilKey))} ORDER BY {OrderBy(table)}{SelectSuffix}";

    /// <summary>How one column appears in a select list: as text when the driver cannot map its type exactly.</summary>
    protected virtual string SelectColumn(ColumnSchema column) => Quote(column.Name);

    /// <summary>Text right after SELECT, e.g. SQL Server's <c>TOP (@limit) </c>.</summary>
    protected virtual string SelectPrefix => "";

    /// <summary>Text after ORDER BY, e.g. <c> LIMIT @limit</c>.</summary>
    protected virtual string SelectSuffix => " LIMIT @limit";

    /// <summary>
    /// Reads a table from a catalog query that returns, per column: name, base type, full type,
    /// nullability, length limit, key position, precision, scale, array element, enum labels,
    /// collation — then the table's resolved schema, whether it is temporary, and what its key
    /// is — and, where the dialect tells, whether the database generates the column. Then asks the driver which .NET type each column maps to with an empty read, and
    /// lets the dialect describe each column from both.
    /// </summary>
    protected TableSchema? ReadCatalog(DbConnection connection, DbTransaction? transaction, TableName table, string catalogQuery, params (string Name, object? Value)[] parameters)
    {
        var columns = new List<CatalogColumn>();
        string? schema = null;
        var temporary = false;
        string? keySource = null;
        using (var command = Commands.Create(connection, transaction, catalogQuery, null, parameters))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                columns.Add(new CatalogColumn(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetBoolean(3),
                    NullableInt(reader, 4), NullableInt(reader, 5), NullableInt(reader, 6), NullableInt(reader, 7),
                    reader.IsDBNull(8) ? null : reader.GetString(8),
                    reader.IsDBNull(9) ? null : (string[])reader.GetValue(9),
                    reader.IsDBNull(10) ? null : reader.GetString(10),
                    reader.FieldCount > 14 && !reader.IsDBNull(14) && reader.GetBoolean(14)));
                schema = reader.IsDBNull(11) ? null : reader.GetString(11);
                temporary = reader.GetBoolean(12);
                keySource = reader.IsDBNull(13) ? null : reader.GetString(13);
            }
        }

        if (columns.Count == 0)
            return null;

        var resolved = new TableName(schema ?? table.Schema, table.Name);
        var clrTypes = new Type?[columns.Count];
        var emptyRead = $"SELECT {SelectPrefix}{string.Join(", ", columns.Select(c => Quote(c.Name)))} FROM {QuoteTable(resolved)}{SelectSuffix}";
        using (var command = Commands.Create(connection, transaction, emptyRead, null, ("@limit", 0)))
        using (var reader = command.ExecuteReader(CommandBehavior.SchemaOnly))
        {
            for (var i = 0; i < reader.FieldCount; i++)
                clrTypes[i] = FieldTypeOrNull(reader, i);
        }

        return new TableSchema(resolved, columns.Select((c, i) => Describe(c, clrTypes[i]) with { IsGenerated = c.Generated }).ToList())
        {
            IsTemporary = temporary,
            KeySource = keySource ?? "primary key",
        };
    }

    /// <summary>A column from its catalog row and the .NET type the driver reads it as (null when it has none).</summary>
    protected virtual ColumnSchema Describe(CatalogColumn column, Type? clrType) =>
        new(column.Name, column.BaseType, clrType ?? typeof(string), column.Nullable, column.MaxLength, column.KeyPosition is not null, ReadAsText: clrType is null)
        {
            SqlType = column.FullType,
            KeyPosition = column.KeyPosition,
            Precision = column.Precision,
            Scale = column.Scale,
            IsGenerated = column.Generated,
        };

    private static int? NullableInt(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Convert.ToInt32(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    private static Type? FieldTypeOrNull(DbDataReader reader, int ordinal)
    {
        try
        {
            return reader.GetFieldType(ordinal);
        }
        catch (InvalidCastException)
        {
            return null;
        }
    }

    protected static DbCommand CreateCommand(DbConnection connection, DbTransaction? transaction, string sql) =>
        Commands.Create(connection, transaction, sql);

    protected static void AddParameter(DbCommand command, string name, object? value) => Commands.Add(command, name, value);
}
