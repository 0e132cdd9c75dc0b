using System.Data.Common;
using FluentData.Execution;

namespace FluentData.Dialects.Sqlite;

/// <summary>
/// Writes a batch with one prepared UPDATE, re-bound per row, inside the caller's transaction;
/// each row only while the columns read still hold what was read (prepared again when a batch
/// compares more columns than the one before).
/// </summary>
internal sealed class SqliteBatchWriter(SqliteDialect dialect, TableSchema table, IReadOnlyList<ColumnSchema> targets) : IBatchWriter
{
    private readonly HashSet<int> _written = [];
    private DbCommand? _command;
    private string? _guardNames;
    private DbParameter[] _values = [];
    private DbParameter[] _keys = [];
    private DbParameter[] _guards = [];

    public int Write(DbConnection connection, DbTransaction? transaction, RowBatch batch)
    {
        var command = Prepare(connection, transaction, batch.Guard);
        _written.Clear();
        for (var row = 0; row < batch.Count; row++)
        {
            for (var key = 0; key < _keys.Length; key++)
                _keys[key].Value = batch.Keys[key][row] ?? DBNull.Value;
            for (var column = 0; column < _values.Length; column++)
                _values[column].Value = batch.Values[column][row] ?? DBNull.Value;
            for (var guard = 0; guard < _guards.Length; guard++)
                _guards[guard].Value = batch.GuardAt(guard, row) ?? DBNull.Value;
            if (command.ExecuteNonQuery() > 0)
                _written.Add(row);
        }

        return _written.Count;
    }

    public IReadOnlySet<int> WrittenRows(DbConnection connection, DbTransaction? transaction, RowBatch batch) => _written;

    private DbCommand Prepare(DbConnection connection, DbTransaction? transaction, RowGuard guard)
    {
        if (_command is not null && _command.Connection == connection && _guardNames == guard.Names)
        {
            _command.Transaction = transaction;
            return _command;
        }

        _command?.Dispose();
        _command = connection.CreateCommand();
        _command.Transaction = transaction;
#pragma warning disable CA2100 // quoted identifiers only; values are parameters
        _command.CommandText = dialect.BuildUpdateRow(table, targets, guard.Columns);
#pragma warning restore CA2100
        _guardNames = guard.Names;
        _values = Parameters("@v", targets.Count);
        _keys = Parameters("@key", table.KeyColumns.Count);
        _guards = Parameters("@g", guard.Columns.Count);
        _command.Prepare();
        return _command;
    }

    private DbParameter[] Parameters(string prefix, int count)
    {
        var parameters = new DbParameter[count];
        for (var i = 0; i < count; i++)
        {
            parameters[i] = _command!.CreateParameter();
            parameters[i].ParameterName = $"{prefix}{i}";
            _command.Parameters.Add(parameters[i]);
        }

        return parameters;
    }

    public void Dispose() => _command?.Dispose();
}
