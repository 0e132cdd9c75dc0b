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
            ApplicationName = $"FluentData runner on {Environment.MachineName}, process {Environment.ProcessId}",
        };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        connection.Open();
        try
        {
            return PollingLock.Acquire(
                () => TryLock(connection),
                () => DescribeHolder(connection),
                $"PostgreSQL database {builder.Database}",
                timeout,
                cancellationToken);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static Held? TryLock(NpgsqlConnection connection)
    {
        using var command = new NpgsqlCommand(TryLockSql, connection);
        command.Parameters.AddWithValue("class", ClassKey);
        command.Parameters.AddWithValue("object", ObjectKey);
        return (bool)command.ExecuteScalar()! ? new Held(connection) : null;
    }

    /// <summary>
    /// Unlocks before closing: a closed session's locks are released only when its server
    /// process has exited, a moment after, and a runner started right then would find the lock held.
    /// </summary>
    private sealed class Held(NpgsqlConnection connection) : IDisposable
    {
        public void Dispose()
        {
            try
            {
                using var command = new NpgsqlCommand(UnlockSql, connection);
                command.Parameters.AddWithValue("class", ClassKey);
                command.Parameters.AddWithValue("object", ObjectKey);
                command.ExecuteScalar();
            }
            catch (NpgsqlException)
            {
                // The session is gone already, and its lock with it.
            }
            finally
            {
                connection.Dispose();
            }
        }
    }

    private static string? DescribeHolder(NpgsqlConnection connection)
    {
        using var command = new NpgsqlCommand(HolderSql, connection);
        command.Parameters.AddWithValue("class", ClassKey);
        command.Parameters.AddWithValue("object", ObjectKey);
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? $"held by backend {reader.GetInt32(0)}, '{(reader.IsDBNull(1) ? "" : reader.GetString(1))}' from {(reader.IsDBNull(2) ? "a local socket" : reader.GetString(2))}, connected since {reader.GetDateTime(3):u}"
            : null;
    }
}
