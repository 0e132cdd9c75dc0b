using System.Data.Common;

namespace FluentData.Dialects.Sqlite;

/// <summary>
/// Inserts a batch with one prepared INSERT, re-bound per row, inside the caller's transaction:
/// SQLite runs in-process, so a statement per row costs a function call, not a round trip.
/// </summary>
internal sealed class SqliteRowInserter(SqliteDialect dialect, TableSchema table, IReadOnlyList<ColumnSchema> columns) : IRowInserter
{
    private DbCommand? _command;
    private DbParameter[] _values = [];

    public int Insert(DbConnection connection, DbTransaction? transaction, object?[][] values, int count)
    {
        var command = Prepare(connection, transaction);
        var inserted = 0;
        for (var row = 0; row < count; row++)
        {
            for (var column = 0; column < _values.Length; column++)
                _values[column].Value = values[column][row] ?? DBNull.Value;
            inserted += command.ExecuteNonQuery();
        }

        return inserted;
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
        _command.CommandText = dialect.BuildInsertRow(table.Name, columns);
#pragma warning restore CA2100
        _values = new DbParameter[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            _values[i] = _command.CreateParameter();
            _values[i].ParameterName = $"@v{i}";
            _command.Parameters.Add(_values[i]);
        }

        _command.Prepare();
        return _command;
    }

    public void Dispose() => _command?.Dispose();
}
