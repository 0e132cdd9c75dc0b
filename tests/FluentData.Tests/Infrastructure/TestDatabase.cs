using System.Data.Common;

namespace FluentData.Tests.Infrastructure;

/// <summary>
/// One empty database for one test, on one engine. Tests write behaviour once against this
/// type and run it on every engine through a subclass per database.
/// </summary>
public abstract class TestDatabase : IDisposable
{
    public abstract string Engine { get; }

    public abstract string ConnectionString { get; }

    /// <summary>Points AddDataMigrations at this database.</summary>
    public abstract DataMigrationsBuilder Use(DataMigrationsBuilder builder);

    public abstract DbConnection Open();

    /// <summary>SQL for a 64-bit integer primary key column, e.g. "id bigint primary key".</summary>
    public virtual string BigIntKey(string column) => $"{column} bigint primary key";

    public int Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = Open();
        using var command = Command(connection, sql, parameters);
        return command.ExecuteNonQuery();
    }

    public T Scalar<T>(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = Open();
        using var command = Command(connection, sql, parameters);
        var value = command.ExecuteScalar();
        return (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), System.Globalization.CultureInfo.InvariantCulture)!;
    }

    /// <summary>Rows of FluentData's checkpoint tables, the table of a transform's parts included when one created it.</summary>
    public long CheckpointRows()
    {
        var ranges = Scalar<long>(Engine == "PostgreSQL"
            ? "SELECT COUNT(*) FROM pg_catalog.pg_tables WHERE tablename = 'FluentDataCheckpointRanges'"
            : "SELECT COUNT(*) FROM sqlite_master WHERE name = 'FluentDataCheckpointRanges'") > 0;
        return Scalar<long>("SELECT COUNT(*) FROM \"FluentDataCheckpoints\"") + (ranges ? Scalar<long>("SELECT COUNT(*) FROM \"FluentDataCheckpointRanges\"") : 0);
    }

    /// <summary>Every row of the query, values with DBNull turned into null.</summary>
    public List<object?[]> Rows(string sql)
    {
        using var connection = Open();
        using var command = Command(connection, sql, []);
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var values = new object?[reader.FieldCount];
            reader.GetValues(values!);
            rows.Add(values.Select(v => v is DBNull ? null : v).ToArray());
        }

        return rows;
    }

    /// <summary>Inserts rows in one transaction with one prepared statement.</summary>
    public void Insert(string table, string[] columns, IEnumerable<object?[]> rows)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))})";
        var parameters = columns.Select((_, i) =>
        {
            var p = command.CreateParameter();
            p.ParameterName = $"@p{i}";
            command.Parameters.Add(p);
            return p;
        }).ToArray();
        foreach (var row in rows)
        {
            for (var i = 0; i < columns.Length; i++)
                parameters[i].Value = row[i] ?? DBNull.Value;
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private static DbCommand Command(DbConnection connection, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            command.Parameters.Add(p);
        }

        return command;
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected abstract void Dispose(bool disposing);
}
