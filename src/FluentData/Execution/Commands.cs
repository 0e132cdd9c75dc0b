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

    /// <summary>A key as parameters <c>@{prefix}0</c>, <c>@{prefix}1</c>..., one per key column; nothing when <paramref name="key"/> is null.</summary>
    public static void AddKey(DbCommand command, string prefix, object?[]? key)
    {
        if (key is null)
            return;
        for (var i = 0; i < key.Length; i++)
            Add(command, $"@{prefix}{i}", key[i]);
    }

    /// <summary>The same as name/value pairs, for <see cref="Create"/>.</summary>
    public static IEnumerable<(string Name, object? Value)> Key(string prefix, object?[]? key) =>
        key is null ? [] : key.Select((value, i) => ($"@{prefix}{i}", value));

    /// <summary>Runs a statement and returns what it counted: the values of the row it returns (NULL as 0), or else the rows it changed.</summary>
    public static List<long> Counts(DbCommand command)
    {
        using var reader = command.ExecuteReader();
        if (reader.FieldCount > 0 && reader.Read())
            return [.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? 0 : Convert.ToInt64(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))];
        reader.Close();
        return [reader.RecordsAffected];
    }

    public static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
