using System.Data;
using System.Data.Common;
using FluentData.Execution;

namespace FluentData.Dialects;

/// <summary>What the dialects share: quoting with doubled quote characters and the shape of the keyset query.</summary>
internal abstract class SqlDialect(char openQuote, char closeQuote) : IDataDialect
{
    public abstract string Name { get; }

    public virtual bool FailedStatementAbortsTransaction => false;

    public abstract int DefaultBatchSize { get; }

    public virtual int DefaultServerSideBatchSize => 50_000;

    public virtual string TypedParameter(string name, ColumnSchema column) => name;

    public virtual ReadAheadConnection? OpenReadAhead(DbConnection connection, DbTransaction? transaction, TableSchema table) => null;

    public virtual IDisposable? RegisterFunction(DbConnection connection, string name, int columns, int targets, Func<int, Execution.IRowSource, object?> function) => null;

    public string BuildRangeEnd(TableSchema table, string? filter, bool afterKey)
    {
        var key = Quote(table.KeyColumns[0].Name);
        return $"SELECT {key} FROM {QuoteTable(table.Name)}{Where(filter, afterKey ? $"{key} > @after" : null)} ORDER BY {key}{OffsetOne}";
    }

    public string BuildRangeMin(TableSchema table, bool afterKey)
    {
        var key = Quote(table.KeyColumns[0].Name);
        return $"SELECT MIN({key}) FROM {QuoteTable(table.Name)}{Where(null, afterKey ? $"{key} > @after" : null)}";
    }

    public string BuildRangeMax(TableSchema table, string? filter, bool afterKey)
    {
        var key = Quote(table.KeyColumns[0].Name);
        return $"SELECT MAX({key}) FROM {QuoteTable(table.Name)}{Where(filter, afterKey ? $"{key} > @after" : null)}";
    }

    public string BuildRangeUpdate(TableSchema table, IReadOnlyList<(ColumnSchema Column, string Value)> assignments, string? filter, bool afterKey)
    {
        var key = Quote(table.KeyColumns[0].Name);
        var range = afterKey ? $"{key} > @after AND {key} <= @upto" : $"{key} <= @upto";
        return $"UPDATE {QuoteTable(table.Name)} SET {Assign(assignments)}{Where(filter, range)}";
    }

    public string BuildRangeKeys(TableSchema table, string? filter, bool afterKey)
    {
        var key = Quote(table.KeyColumns[0].Name);
        var range = afterKey ? $"{key} > @after AND {key} <= @upto" : $"{key} <= @upto";
        return $"SELECT {key} FROM {QuoteTable(table.Name)}{Where(filter, range)} ORDER BY {key}";
    }

    public string BuildKeyUpdate(TableSchema table, IReadOnlyList<(ColumnSchema Column, string Value)> assignments) =>
        $"UPDATE {QuoteTable(table.Name)} SET {Assign(assignments)} WHERE {Quote(table.KeyColumns[0].Name)} = @key";

    /// <summary>Skips <c>@offset</c> rows and returns the next one.</summary>
    protected virtual string OffsetOne => " LIMIT 1 OFFSET @offset";

    private string Assign(IReadOnlyList<(ColumnSchema Column, string Value)> assignments) =>
        string.Join(", ", assignments.Select(a => $"{Quote(a.Column.Name)} = ({a.Value})"));

    private static string Where(string? filter, string? condition)
    {
        var parts = new[] { filter is null ? null : $"({filter})", condition }.Where(p => p is not null).ToList();
        return parts.Count == 0 ? "" : " WHERE " + string.Join(" AND ", parts);
    }

    public abstract bool CanHandle(IDbConnection connection);

    public abstract TableSchema? ReadSchema(DbConnection connection, DbTransaction? transaction, TableName table);

    public abstract IBatchWriter CreateWriter(TableSchema table, IReadOnlyList<ColumnSchema> targets);

    public abstract bool HandlesProcessor(string processorId);

    public abstract IDatabaseLock CreateLock(string connectionString);

    /// <summary>Portable column types; SQL Server overrides the text type and the "if not exists".</summary>
    public virtual string BuildCreateCheckpointTable(TableName table) =>
        $"CREATE TABLE IF NOT EXISTS {QuoteTable(table)} ({CheckpointColumns("varchar")})";

    protected string CheckpointColumns(string text) =>
        $"{Quote("version")} bigint NOT NULL, {Quote("step")} integer NOT NULL, {Quote("fingerprint")} {text}(64) NOT NULL, " +
        $"{Quote("completed")} integer NOT NULL, {Quote("last_key")} {text}(400) NULL, {Quote("rows_done")} bigint NOT NULL, " +
        $"{Quote("updated_at")} {text}(40) NOT NULL, PRIMARY KEY ({Quote("version")}, {Quote("step")})";

    /// <summary>Up to this many rows an exact count is cheap enough; above it dialects estimate.</summary>
    public const long ExactCountLimit = 100_000;

    public virtual (long Rows, bool IsEstimate)? CountRows(DbConnection connection, DbTransaction? transaction, TableSchema table, string? filter)
    {
        using var command = CreateCommand(connection, transaction, BuildCount(table, filter));
        return (Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture), false);
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

    public string BuildFindKeys(TableSchema table, string condition)
    {
        var key = Quote(table.KeyColumns[0].Name);
        return $"SELECT {SelectPrefix}{key} FROM {QuoteTable(table.Name)}{Where(condition, null)} ORDER BY {key}{SelectSuffix}";
    }

    public string BuildSelectKeyRange(TableSchema table, IReadOnlyList<ColumnSchema> columns)
    {
        var key = Quote(table.KeyColumns[0].Name);
        return $"SELECT {key}, {string.Join(", ", columns.Select(SelectColumn))} FROM {QuoteTable(table.Name)} WHERE {key} >= @first AND {key} <= @last";
    }

    public string BuildSelectBatch(TableSchema table, IReadOnlyList<ColumnSchema> columns, string? filter, bool afterKey)
    {
        var key = Quote(table.KeyColumns[0].Name);
        return $"SELECT {SelectPrefix}{string.Join(", ", columns.Select(SelectColumn))} FROM {QuoteTable(table.Name)}" +
               $"{Where(filter, afterKey ? $"{key} > @after" : null)} ORDER BY {key}{SelectSuffix}";
    }

    /// <summary>How one column appears in the keyset query's select list.</summary>
    protected virtual string SelectColumn(ColumnSchema column) => Quote(column.Name);

    /// <summary>Text right after SELECT, e.g. SQL Server's <c>TOP (@limit) </c>.</summary>
    protected virtual string SelectPrefix => "";

    /// <summary>Text after ORDER BY, e.g. <c> LIMIT @limit</c>.</summary>
    protected virtual string SelectSuffix => " LIMIT @limit";

    /// <summary>
    /// Reads a table from a catalog query that returns, per column, its name, type name,
    /// nullability, maximum text length and whether it is in the primary key; then asks the driver
    /// which .NET type each column maps to with an empty read. A type the driver cannot map (an
    /// enum nobody mapped, say) is read and written as text.
    /// </summary>
    protected TableSchema? ReadCatalog(DbConnection connection, DbTransaction? transaction, TableName table, string catalogQuery, params (string Name, object? Value)[] parameters)
    {
        var columns = new List<(string Name, string Type, bool Nullable, int? MaxLength, bool IsKey)>();
        using (var command = Commands.Create(connection, transaction, catalogQuery, null, parameters))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                columns.Add((reader.GetString(0), reader.GetString(1), reader.GetBoolean(2),
                    reader.IsDBNull(3) ? null : Convert.ToInt32(reader.GetValue(3), System.Globalization.CultureInfo.InvariantCulture),
                    reader.GetBoolean(4)));
            }
        }

        if (columns.Count == 0)
            return null;

        var clrTypes = new Type?[columns.Count];
        var emptyRead = $"SELECT {SelectPrefix}{string.Join(", ", columns.Select(c => Quote(c.Name)))} FROM {QuoteTable(table)}{SelectSuffix}";
        using (var command = Commands.Create(connection, transaction, emptyRead, null, ("@limit", 0)))
        using (var reader = command.ExecuteReader(CommandBehavior.SchemaOnly))
        {
            for (var i = 0; i < reader.FieldCount; i++)
                clrTypes[i] = FieldTypeOrNull(reader, i);
        }

        return new TableSchema(table, columns
            .Select((c, i) => new ColumnSchema(c.Name, c.Type, clrTypes[i] ?? typeof(string), c.Nullable, c.MaxLength, c.IsKey, ReadAsText: clrTypes[i] is null))
            .ToList());
    }

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
