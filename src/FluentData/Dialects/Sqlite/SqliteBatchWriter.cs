using System.Data.Common;
using FluentData.Execution;

namespace FluentData.Dialects.Sqlite;

/// <summary>Writes a batch with one prepared UPDATE, re-bound per row, inside the caller's transaction.</summary>
internal sealed class SqliteBatchWriter(string updateSql, int keyCount, int targetCount) : IBatchWriter
{
    private DbCommand? _command;
    private DbParameter[] _values = [];
    private DbParameter[] _keys = [];

    public int Write(DbConnection connection, DbTransaction? transaction, RowBatch batch)
    {
        var command = Prepare(connection, transaction);
        var updated = 0;
        for (var row = 0; row < batch.Count; row++)
        {
            for (var key = 0; key < keyCount; key++)
                _keys[key].Value = batch.Keys[key][row] ?? DBNull.Value;
            for (var column = 0; column < targetCount; column++)
                _values[column].Value = batch.Values[column][row] ?? DBNull.Value;
            updated += command.ExecuteNonQuery();
        }

        return updated;
    }

    private DbCommand Prepare(DbConnection connection, DbTransaction? transaction)
    {
        if (_command is not null && _command.Connection == connection)
        {
            _command.Transaction = transaction;
            return _command;
        }

        _command?.Dispose();
        _command = connection.CreateCommand();
        _command.Transaction = transaction;
#pragma warning disable CA2100 // quoted identifiers only; values are parameters
        _command.CommandText = updateSql;
#pragma warning restore CA2100
        _values = new DbParameter[targetCount];
        for (var column = 0; column < targetCount; column++)
        {
            _values[column] = _command.CreateParameter();
            _values[column].ParameterName = $"@v{column}";
            _command.Parameters.Add(_values[column]);
        }

        _keys = new DbParameter[keyCount];
        for (var key = 0; key < keyCount; key++)
        {
            _keys[key] = _command.CreateParameter();
            _keys[key].ParameterName = $"@key{key}";
            _command.Parameters.Add(_keys[key]);
        }

        _command.Prepare();
        return _command;
    }

    public void Dispose() => _command?.Dispose();
}
