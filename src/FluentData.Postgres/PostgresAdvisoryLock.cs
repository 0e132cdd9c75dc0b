using FluentData.Dialects;
using Npgsql;

namespace FluentData.Postgres;

/// <summary>
/// A session-level advisory lock on a connection of its own, held for the whole run. The
/// connection is not pooled, so the lock cannot outlive the runner inside a pooled session, and
/// it names the runner (host and process) so a waiting runner can say who holds the lock.
/// </summary>
internal sealed class PostgresAdvisoryLock(string connectionString) : IDatabaseLock
{
    /// <summary>The two-key form: 'FDta' and 1, visible in pg_locks as classid / objid.</summary>
    internal const int ClassKey = 0x46447461;
    internal const int ObjectKey = 1;

    internal const string TryLockSql = "SELECT pg_try_advisory_lock(@class, @object)";
    internal const string UnlockSql = "SELECT pg_advisory_unlock(@class, @object)";
    internal const string HolderSql = """
        SELECT a.pid, a.application_name, a.client_addr::text, a.backend_start
        FROM pg_catalog.pg_locks l
        JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND l.classid = @class AND l.objid = @object AND l.objsubid = 2
          AND l.database = (SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname = current_database())
        """;

    public IDisposable Acquire(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false,
            ApplicationName = SessionLock.RunnerName,
        };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        return SessionLock.Acquire(
            connection,
            $"PostgreSQL database {builder.Database}",
            () =>
            {
                using var command = Command(connection, TryLockSql);
                return (bool)command.ExecuteScalar()!;
            },
            () =>
            {
                using var command = Command(connection, UnlockSql);
                command.ExecuteScalar();
            },
            () => DescribeHolder(connection),
            timeout,
            cancellationToken);
    }

    /// <summary>A command on the lock's connection with the lock's two keys as parameters.</summary>
    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("class", ClassKey);
        command.Parameters.AddWithValue("object", ObjectKey);
        return command;
    }

    private static string? DescribeHolder(NpgsqlConnection connection)
    {
        using var command = Command(connection, HolderSql);
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? $"held by backend {reader.GetInt32(0)}, '{(reader.IsDBNull(1) ? "" : reader.GetString(1))}' from {(reader.IsDBNull(2) ? "a local socket" : reader.GetString(2))}, connected since {reader.GetDateTime(3):u}"
            : null;
    }
}
