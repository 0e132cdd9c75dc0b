using System.Data.Common;

namespace FluentData.Execution;

/// <summary>
/// Every command FluentData runs is made here: on the caller's connection and transaction,
/// with the run's timeout (the processor's timeout does not reach commands it did not create),
/// and with values only as parameters.
/// </summary>
internal static class Commands
{
    public static DbCommand Create(DbConnection connection, DbTransaction? transaction, string sql, TimeSpan? timeout = null, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // built from quoted identifiers and the migration's own SQL; values are parameters
        command.CommandText = sql;
#pragma warning restore CA2100
        if (timeout is { } t)
            command.CommandTimeout = (int)Math.Ceiling(t.TotalSeconds);
        foreach (var (name, value) in parameters)
            Add(command, name, value);
        return command;
    }

    public static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
