using System.Data.Common;
using FluentData.Execution;

namespace FluentData.Dialects.Sqlite;

/// <summary>Writes a batch with one prepared UPDATE, re-bound per row, inside the caller's transaction.</summary>
internal sealed class SqliteBatchWriter(string updateSql, int targetCount) : IBatchWriter
{
    private DbCommand? _command;
    private DbParameter[] _values = [];
    private DbParameter? _key;

    public int Write(DbConnection connection, DbTransaction? transaction, RowBatch batch)
    {
        var command = Prepare(connection, transaction);
        var updated = 0;
        for (var row = 0; row < batch.Count; row++)
        {
            _key!.Value = batch.Keys[row];
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

        _key = _command.CreateParameter();
        _key.ParameterName = "@key";
        _command.Parameters.Add(_key);
        _command.Prepare();
        return _command;
    }

    public void Dispose() => _command?.Dispose();
}
