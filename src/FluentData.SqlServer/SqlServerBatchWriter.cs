using System.Data;
using System.Data.Common;
using FluentData.Dialects;
using FluentData.Execution;
using Microsoft.Data.SqlClient;

namespace FluentData.SqlServer;

/// <summary>
/// Writes a batch the cheapest way for its size: a batch that fits one statement as an UPDATE
/// joined to a parameterised VALUES list (within the 2,100-parameter limit); a bigger one
/// bulk-copied into a staging temp table and applied with one UPDATE joined to it.
/// </summary>
internal sealed class SqlServerBatchWriter(SqlServerDialect dialect, TableSchema table, IReadOnlyList<ColumnSchema> targets) : IBatchWriter
{
    private readonly int _rowsPerStatement = SqlServerDialect.RowsPerStatement(targets.Count);
    private readonly Dictionary<int, string> _statements = [];
    private readonly string _staging = $"#fluentdata_{Guid.NewGuid():N}";
    private bool _stagingCreated;

    public int Write(DbConnection connection, DbTransaction? transaction, RowBatch batch) =>
        batch.Count <= _rowsPerStatement
            ? WriteValues(connection, transaction, batch)
            : WriteBulk((SqlConnection)connection, (SqlTransaction?)transaction, batch);

    /// <summary>
    /// The staging table is a temp table of the connection, created on first use and emptied
    /// per batch; it goes with the session (or with the transaction that created it, if rolled back).
    /// </summary>
    private int WriteBulk(SqlConnection connection, SqlTransaction? transaction, RowBatch batch)
    {
        Execute(connection, transaction, _stagingCreated ? dialect.BuildClearStaging(_staging) : dialect.BuildCreateStaging(table, targets, _staging));
        _stagingCreated = true;

        using (var rows = new DataTable())
        {
            rows.Columns.Add("k", table.KeyColumns[0].ClrType);
            for (var i = 0; i < targets.Count; i++)
                rows.Columns.Add($"c{i}", targets[i].ClrType);
            for (var r = 0; r < batch.Count; r++)
            {
                var values = new object[targets.Count + 1];
                values[0] = batch.Keys[r];
                for (var i = 0; i < targets.Count; i++)
                    values[i + 1] = batch.Values[i][r] ?? DBNull.Value;
                rows.Rows.Add(values);
            }

            using var bulk = new SqlBulkCopy(connection, SqlBulkCopyOptions.KeepIdentity, transaction) { DestinationTableName = _staging };
            bulk.WriteToServer(rows);
        }

        return Execute(connection, transaction, dialect.BuildUpdateFromStaging(table, targets, _staging),
            ("@first", batch.FirstKey, table.KeyColumns[0].ClrType), ("@last", batch.LastKey, table.KeyColumns[0].ClrType));
    }

    private static int Execute(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object Value, Type Type)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // quoted identifiers only; values are parameters
        command.CommandText = sql;
#pragma warning restore CA2100
        foreach (var (name, value, type) in parameters)
            Add(command, name, value, type);
        return command.ExecuteNonQuery();
    }

    private int WriteValues(DbConnection connection, DbTransaction? transaction, RowBatch batch)
    {
        var updated = 0;
        for (var start = 0; start < batch.Count; start += _rowsPerStatement)
        {
            var rows = Math.Min(_rowsPerStatement, batch.Count - start);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
#pragma warning disable CA2100 // quoted identifiers only; values are parameters
            command.CommandText = Statement(rows);
#pragma warning restore CA2100
            for (var r = 0; r < rows; r++)
            {
                Add(command, $"@k{r}", batch.Keys[start + r], table.KeyColumns[0].ClrType);
                for (var i = 0; i < targets.Count; i++)
                    Add(command, $"@c{i}_{r}", batch.Values[i][start + r], targets[i].ClrType);
            }

            Add(command, "@first", batch.Keys[start], table.KeyColumns[0].ClrType);
            Add(command, "@last", batch.Keys[start + rows - 1], table.KeyColumns[0].ClrType);
            updated += command.ExecuteNonQuery();
        }

        return updated;
    }

    private string Statement(int rows)
    {
        if (!_statements.TryGetValue(rows, out var sql))
            _statements[rows] = sql = dialect.BuildUpdateFromValues(table, targets, rows);
        return sql;
    }

    private static void Add(DbCommand command, string name, object? value, Type clrType)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        if (DbTypeOf(clrType) is { } dbType)
            parameter.DbType = dbType;
        command.Parameters.Add(parameter);
    }

    // A NULL in a VALUES list needs a type, or SQL Server guesses one that may not convert.
    private static DbType? DbTypeOf(Type type) => type switch
    {
        _ when type == typeof(string) => DbType.String,
        _ when type == typeof(long) => DbType.Int64,
        _ when type == typeof(int) => DbType.Int32,
        _ when type == typeof(short) => DbType.Int16,
        _ when type == typeof(byte) => DbType.Byte,
        _ when type == typeof(bool) => DbType.Boolean,
        _ when type == typeof(decimal) => DbType.Decimal,
        _ when type == typeof(double) => DbType.Double,
        _ when type == typeof(float) => DbType.Single,
        _ when type == typeof(Guid) => DbType.Guid,
        _ when type == typeof(DateTime) => DbType.DateTime2,
        _ when type == typeof(DateTimeOffset) => DbType.DateTimeOffset,
        _ when type == typeof(byte[]) => DbType.Binary,
        _ => null,
    };

    public void Dispose()
    {
    }
}
