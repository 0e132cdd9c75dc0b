using System.Data.Common;

namespace FluentData.Dialects.Sqlite;

/// <summary>
/// Inserts a batch inside the caller's transaction with one statement that reads the batch's
/// values back from C# through a registered function, <c>f(column, row)</c>, for rows 0 to
/// count - 1 of a recursive CTE: no parameter is bound per value (binding, by name, was half the
/// cost of a prepared INSERT per row). Where the function cannot be registered (another native
/// SQLite library), one prepared INSERT re-bound per row.
/// </summary>
internal sealed class SqliteRowInserter(SqliteDialect dialect, TableSchema table, IReadOnlyList<ColumnSchema> columns) : IRowInserter
{
    private readonly string _function = $"fluentdata_insert_{Guid.NewGuid():N}";
    private DbConnection? _connection;
    private IDisposable? _registration;
    private DbCommand? _command;
    private DbParameter[] _parameters = [];
    private object?[][] _values = [];

    public int Insert(DbConnection connection, DbTransaction? transaction, object?[][] values, int count)
    {
        var command = Prepare(connection, transaction);
        _values = values;
        if (_registration is not null)
        {
            _parameters[0].Value = count;
            return command.ExecuteNonQuery();
        }

        var inserted = 0;
        for (var row = 0; row < count; row++)
        {
            for (var column = 0; column < _parameters.Length; column++)
                _parameters[column].Value = values[column][row] ?? DBNull.Value;
            inserted += command.ExecuteNonQuery();
        }

        return inserted;
    }

    private DbCommand Prepare(DbConnection connection, DbTransaction? transaction)
    {
        if (_command is not null && _connection == connection)
        {
            _command.Transaction = transaction;
            return _command;
        }

        Dispose();
        _connection = connection;
        _registration = dialect.RegisterFunction(connection, _function, 1, columns.Count, (column, row) => _values[column][(long)row.Value(0)!]);
        _command = connection.CreateCommand();
        _command.Transaction = transaction;
#pragma warning disable CA2100 // quoted identifiers only; values are parameters or come from the registered function
        _command.CommandText = _registration is null ? dialect.BuildInsertRow(table.Name, columns) : dialect.BuildInsertFromFunction(table.Name, columns, _function);
#pragma warning restore CA2100
        _parameters = _registration is null
            ? columns.Select((_, i) => Parameter($"@v{i}")).ToArray()
            : [Parameter("@count")];
        _command.Prepare();
        return _command;
    }

    private DbParameter Parameter(string name)
    {
        var parameter = _command!.CreateParameter();
        parameter.ParameterName = name;
        _command.Parameters.Add(parameter);
        return parameter;
    }

    public void Dispose()
    {
        _command?.Dispose();
        _registration?.Dispose();
        (_command, _registration) = (null, null);
    }
}
