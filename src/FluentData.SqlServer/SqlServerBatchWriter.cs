using System.Data;
using System.Data.Common;
using FluentData.Dialects;
using FluentData.Execution;
using Microsoft.Data.SqlClient;

namespace FluentData.SqlServer;

/// <summary>
/// Writes a batch the cheapest way for its size: a batch that fits one statement as an UPDATE
/// joined to a parameterised VALUES list (within the 2,100-parameter limit); a bigger one
/// bulk-copied into a staging temp table and applied with one UPDATE joined to it. Either way a
/// row is written only while the columns read still hold what was read, and the statement
/// returns which rows it wrote.
/// </summary>
internal sealed class SqlServerBatchWriter(SqlServerDialect dialect, TableSchema table, IReadOnlyList<ColumnSchema> targets) : IBatchWriter
{
    private readonly IReadOnlyList<ColumnSchema> _keys = table.KeyColumns;
    private readonly Dictionary<(int Rows, string Guard), string> _statements = [];
    private readonly string _staging = $"#fluentdata_{Guid.NewGuid():N}";
    private readonly HashSet<int> _written = [];
    private string? _stagingGuard;

    public int Write(DbConnection connection, DbTransaction? transaction, RowBatch batch)
    {
        _written.Clear();
        if (batch.Count <= SqlServerDialect.RowsPerStatement(_keys.Count, targets.Count + batch.Guard.Columns.Count))
            WriteValues(connection, transaction, batch);
        else
            WriteBulk((SqlConnection)connection, (SqlTransaction?)transaction, batch);
        return _written.Count;
    }

    public IReadOnlySet<int> WrittenRows(DbConnection connection, DbTransaction? transaction, RowBatch batch) => _written;

    /// <summary>
    /// The staging table is a temp table of the connection, created on first use (and again when
    /// a batch compares other columns) and emptied per batch; it goes with the session (or with
    /// the transaction that created it, if rolled back).
    /// </summary>
    private void WriteBulk(SqlConnection connection, SqlTransaction? transaction, RowBatch batch)
    {
        var guards = batch.Guard.Columns;
        if (_stagingGuard is not null && _stagingGuard != batch.Guard.Names)
            Execute(connection, transaction, dialect.BuildDropStaging(_staging));
        Execute(connection, transaction, _stagingGuard == batch.Guard.Names
            ? dialect.BuildClearStaging(_staging)
            : dialect.BuildCreateStaging(table, targets, guards, _staging));
        _stagingGuard = batch.Guard.Names;

        using (var rows = new DataTable())
        {
            for (var k = 0; k < _keys.Count; k++)
                rows.Columns.Add($"k{k}", _keys[k].ClrType);
            for (var i = 0; i < targets.Count; i++)
                rows.Columns.Add($"c{i}", targets[i].ClrType);
            for (var g = 0; g < guards.Count; g++)
                rows.Columns.Add($"g{g}", guards[g].ClrType);
            rows.Columns.Add("i", typeof(int));
            for (var r = 0; r < batch.Count; r++)
            {
                var values = new object[_keys.Count + targets.Count + guards.Count + 1];
                for (var k = 0; k < _keys.Count; k++)
                    values[k] = batch.Keys[k][r] ?? DBNull.Value;
                for (var i = 0; i < targets.Count; i++)
                    values[_keys.Count + i] = batch.Values[i][r] ?? DBNull.Value;
                for (var g = 0; g < guards.Count; g++)
                    values[_keys.Count + targets.Count + g] = batch.GuardAt(g, r) ?? DBNull.Value;
                values[^1] = r;
                rows.Rows.Add(values);
            }

            using var bulk = new SqlBulkCopy(connection, SqlBulkCopyOptions.KeepIdentity, transaction) { DestinationTableName = _staging };
            bulk.WriteToServer(rows);
        }

        using var update = Command(connection, transaction, dialect.BuildUpdateFromStaging(table, targets, guards, _staging));
        AddRange(update, batch, 0, batch.Count - 1);
        ReadWritten(update, 0);
    }

    private static void Execute(DbConnection connection, DbTransaction? transaction, string sql)
    {
        using var command = Command(connection, transaction, sql);
        command.ExecuteNonQuery();
    }

    private void WriteValues(DbConnection connection, DbTransaction? transaction, RowBatch batch)
    {
        var guards = batch.Guard.Columns;
        var perStatement = SqlServerDialect.RowsPerStatement(_keys.Count, targets.Count + guards.Count);
        for (var start = 0; start < batch.Count; start += perStatement)
        {
            var rows = Math.Min(perStatement, batch.Count - start);
            using var command = Command(connection, transaction, Statement(rows, batch.Guard));
            for (var r = 0; r < rows; r++)
            {
                for (var k = 0; k < _keys.Count; k++)
                    Add(command, $"@k{k}_{r}", batch.Keys[k][start + r], _keys[k]);
                for (var i = 0; i < targets.Count; i++)
                    Add(command, $"@c{i}_{r}", batch.Values[i][start + r], targets[i]);
                for (var g = 0; g < guards.Count; g++)
                    Add(command, $"@g{g}_{r}", batch.GuardAt(g, start + r), SqlServerDialect.GuardDbType(guards[g]));
            }

            AddRange(command, batch, start, start + rows - 1);
            ReadWritten(command, start);
        }
    }

    /// <summary>
    /// Runs a guarded UPDATE and notes the rows it wrote, by their index in the batch: the last
    /// result set, since a trigger on the table may return result sets of its own before it.
    /// </summary>
    private void ReadWritten(DbCommand update, int offset)
    {
        using var reader = update.ExecuteReader();
        List<object> last;
        do
        {
            last = [];
            while (reader.Read())
                last.Add(reader.GetValue(0));
        }
        while (reader.NextResult());
        foreach (var index in last)
            _written.Add(offset + (int)index);
    }

    private void AddRange(DbCommand command, RowBatch batch, int first, int last)
    {
        for (var k = 0; k < _keys.Count; k++)
        {
            Add(command, $"@first{k}", batch.Keys[k][first], _keys[k]);
            Add(command, $"@last{k}", batch.Keys[k][last], _keys[k]);
        }
    }

    private string Statement(int rows, RowGuard guard)
    {
        if (!_statements.TryGetValue((rows, guard.Names), out var sql))
            _statements[(rows, guard.Names)] = sql = dialect.BuildUpdateFromValues(table, targets, guard.Columns, rows);
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
    private static void Add(DbCommand command, string name, object? value, ColumnSchema column) =>
        Add(command, name, value, SqlServerTypes.DbTypeOf(column));

    internal static void Add(DbCommand command, string name, object? value, DbType? type)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        if (type is { } dbType)
            parameter.DbType = dbType;
        command.Parameters.Add(parameter);
    }

    public void Dispose()
    {
    }
}
