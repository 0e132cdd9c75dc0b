using System.Data;
using System.Data.Common;
using FluentData.Dialects;

namespace FluentData.SqlServer;

/// <summary>
/// SQL Server. Its SQL is tested on its exact text; no server runs where FluentData is built, so
/// it has not been executed against one.
/// </summary>
internal sealed class SqlServerDialect() : SqlDialect('[', ']')
{
    internal const string SchemaQuery = """
        SELECT c.name,
               t.name,
               c.is_nullable,
               CASE WHEN t.name IN (N'nvarchar', N'nchar') AND c.max_length > 0 THEN c.max_length / 2
                    WHEN t.name IN (N'varchar', N'char') AND c.max_length > 0 THEN c.max_length END,
               CAST(CASE WHEN ic.column_id IS NULL THEN 0 ELSE 1 END AS bit)
        FROM sys.columns c
        JOIN sys.types t ON t.user_type_id = c.user_type_id
        LEFT JOIN sys.indexes i ON i.object_id = c.object_id AND i.is_primary_key = 1
        LEFT JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id AND ic.column_id = c.column_id
        WHERE c.object_id = OBJECT_ID(@table, N'U')
        ORDER BY c.column_id
        """;

    /// <summary>SQL Server accepts at most 2,100 parameters per request; two go to the key range.</summary>
    internal const int MaxParameters = 2_100 - 2;

    /// <summary>A table value constructor takes at most 1,000 rows.</summary>
    internal const int MaxRowsPerStatement = 1_000;

    public override string Name => "SQL Server";

    /// <summary>Under 5,000 rows a statement, so SQL Server does not escalate the row locks of a batch to a table lock.</summary>
    public override int DefaultBatchSize => 4_000;

    public override int DefaultServerSideBatchSize => 4_000;

    protected override string OffsetOne => " OFFSET @offset ROWS FETCH NEXT 1 ROWS ONLY";

    public override bool CanHandle(IDbConnection connection) =>
        connection.GetType().FullName is "Microsoft.Data.SqlClient.SqlConnection" or "System.Data.SqlClient.SqlConnection";

    public override bool HandlesProcessor(string processorId) => processorId.StartsWith("SqlServer", StringComparison.OrdinalIgnoreCase);

    public override IDatabaseLock CreateLock(string connectionString) => new SqlServerAppLock(connectionString);

    public override string BuildCreateCheckpointTable(TableName table) =>
        $"IF OBJECT_ID(N'{QuoteTable(table).Replace("'", "''", StringComparison.Ordinal)}', N'U') IS NULL CREATE TABLE {QuoteTable(table)} ({CheckpointColumns("nvarchar")})";

    protected override string SelectPrefix => "TOP (@limit) ";

    protected override string SelectSuffix => "";

    public override TableSchema? ReadSchema(DbConnection connection, DbTransaction? transaction, TableName table) =>
        ReadCatalog(connection, transaction, table, SchemaQuery, ("@table", QuoteTable(table)));

    public override IBatchWriter CreateWriter(TableSchema table, IReadOnlyList<ColumnSchema> targets) =>
        new SqlServerBatchWriter(this, table, targets);

    /// <summary>
    /// An empty staging table with the key's and targets' exact types, copied from the table
    /// itself (<c>SELECT TOP (0) ... INTO</c>), so no type has to be spelled out here.
    /// </summary>
    internal string BuildCreateStaging(TableSchema table, IReadOnlyList<ColumnSchema> targets, string staging) =>
        $"SELECT TOP (0) t.{Quote(table.KeyColumns[0].Name)} AS [k]{string.Concat(targets.Select((c, i) => $", t.{Quote(c.Name)} AS [c{i}]"))} " +
        $"INTO {Quote(staging)} FROM {QuoteTable(table.Name)} AS t";

    internal string BuildClearStaging(string staging) => $"TRUNCATE TABLE {Quote(staging)}";

    /// <summary>One UPDATE joined to the staging table the batch was bulk-copied into, bounded to the batch's key range.</summary>
    internal string BuildUpdateFromStaging(TableSchema table, IReadOnlyList<ColumnSchema> targets, string staging)
    {
        var key = Quote(table.KeyColumns[0].Name);
        var assignments = targets.Select((c, i) => $"t.{Quote(c.Name)} = s.[c{i}]");
        return $"UPDATE t SET {string.Join(", ", assignments)} " +
               $"FROM {QuoteTable(table.Name)} AS t " +
               $"INNER JOIN {Quote(staging)} AS s ON t.{key} = s.[k] " +
               $"WHERE t.{key} BETWEEN @first AND @last";
    }

    /// <summary>How many rows one UPDATE can carry within the parameter and row limits.</summary>
    internal static int RowsPerStatement(int targetCount) => Math.Min(MaxRowsPerStatement, MaxParameters / (1 + targetCount));

    /// <summary>
    /// One UPDATE joined to a table value constructor of <paramref name="rows"/> rows, bounded to
    /// the batch's key range so the join seeks the clustered key.
    /// </summary>
    internal string BuildUpdateFromValues(TableSchema table, IReadOnlyList<ColumnSchema> targets, int rows)
    {
        var key = Quote(table.KeyColumns[0].Name);
        var assignments = targets.Select((c, i) => $"t.{Quote(c.Name)} = v.[c{i}]");
        var tuples = Enumerable.Range(0, rows)
            .Select(r => "(@k" + r + string.Concat(targets.Select((_, i) => $", @c{i}_{r}")) + ")");
        var aliases = string.Concat(targets.Select((_, i) => $", [c{i}]"));
        return $"UPDATE t SET {string.Join(", ", assignments)} " +
               $"FROM {QuoteTable(table.Name)} AS t " +
               $"INNER JOIN (VALUES {string.Join(", ", tuples)}) AS v([k]{aliases}) ON t.{key} = v.[k] " +
               $"WHERE t.{key} BETWEEN @first AND @last";
    }
}
