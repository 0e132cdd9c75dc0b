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
    private readonly IReadOnlyList<ColumnSchema> _keys = table.KeyColumns;
    private readonly int _rowsPerStatement = SqlServerDialect.RowsPerStatement(table.KeyColumns.Count, targets.Count);
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
            for (var k = 0; k < _keys.Count; k++)
                rows.Columns.Add($"k{k}", _keys[k].ClrType);
            for (var i = 0; i < targets.Count; i++)
                rows.Columns.Add($"c{i}", targets[i].ClrType);
            for (var r = 0; r < batch.Count; r++)
            {
                var values = new object[_keys.Count + targets.Count];
                for (var k = 0; k < _keys.Count; k++)
                    values[k] = batch.Keys[k][r] ?? DBNull.Value;
                for (var i = 0; i < targets.Count; i++)
                    values[_keys.Count + i] = batch.Values[i][r] ?? DBNull.Value;
                rows.Rows.Add(values);
            }

            using var bulk = new SqlBulkCopy(connection, SqlBulkCopyOptions.KeepIdentity, transaction) { DestinationTableName = _staging };
            bulk.WriteToServer(rows);
        }

        using var update = Command(connection, transaction, dialect.BuildUpdateFromStaging(table, targets, _staging));
        AddRange(update, batch, 0, batch.Count - 1);
        return update.ExecuteNonQuery();
    }

    private static void Execute(DbConnection connection, DbTransaction? transaction, string sql)
    {
        using var command = Command(connection, transaction, sql);
        command.ExecuteNonQuery();
    }

    private int WriteValues(DbConnection connection, DbTransaction? transaction, RowBatch batch)
    {
        var updated = 0;
        for (var start = 0; start < batch.Count; start += _rowsPerStatement)
        {
            var rows = Math.Min(_rowsPerStatement, batch.Count - start);
            using var command = Command(connection, transaction, Statement(rows));
            for (var r = 0; r < rows; r++)
            {
                for (var k = 0; k < _keys.Count; k++)
                    Add(command, $"@k{k}_{r}", batch.Keys[k][start + r], _keys[k]);
                for (var i = 0; i < targets.Count; i++)
                    Add(command, $"@c{i}_{r}", batch.Values[i][start + r], targets[i]);
            }

            AddRange(command, batch, start, start + rows - 1);
            var count = command.ExecuteNonQuery();
            updated = count < 0 || updated < 0 ? -1 : updated + count;
        }

        return updated;
    }

    private void AddRange(DbCommand command, RowBatch batch, int first, int last)
    {
        for (var k = 0; k < _keys.Count; k++)
        {
            Add(command, $"@first{k}", batch.Keys[k][first], _keys[k]);
            Add(command, $"@last{k}", batch.Keys[k][last], _keys[k]);
        }
    }

    private string Statement(int rows)
    {
        if (!_statements.TryGetValue(rows, out var sql))
            _statements[rows] = sql = dialect.BuildUpdateFromValues(table, targets, rows);
        return sql;
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // quoted identifiers only; values are parameters
        command.CommandText = sql;
#pragma warning restore CA2100
        return command;
    }

    /// <summary>A NULL in a VALUES list needs a type, or SQL Server guesses one that may not convert; a key needs its column's.</summary>
    private static void Add(DbCommand command, string name, object? value, ColumnSchema column)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        if (SqlServerTypes.DbTypeOf(column) is { } dbType)
            parameter.DbType = dbType;
        command.Parameters.Add(parameter);
    }

    public void Dispose()
    {
    }
}
