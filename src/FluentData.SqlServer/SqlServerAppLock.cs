using FluentData.Dialects;
using Microsoft.Data.SqlClient;

namespace FluentData.SqlServer;

/// <summary>
/// An application lock owned by the session of a connection of its own (not pooled), held for
/// the whole run. Tested on its SQL text only: no SQL Server runs where FluentData is built.
/// </summary>
internal sealed class SqlServerAppLock(string connectionString) : IDatabaseLock
{
    internal const string Resource = "FluentData.Migrations";

    internal const string TryLockSql = """
        DECLARE @result int;
        EXEC @result = sp_getapplock @Resource = @resource, @LockMode = N'Exclusive', @LockOwner = N'Session', @LockTimeout = 0;
        SELECT @result;
        """;

    internal const string ReleaseSql = "EXEC sp_releaseapplock @Resource = @resource, @LockOwner = N'Session';";

    public IDisposable Acquire(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var builder = new SqlConnectionStringBuilder(connectionString)
        {
            Pooling = false,
            ApplicationName = $"FluentData runner on {Environment.MachineName}, process {Environment.ProcessId}",
        };
        var connection = new SqlConnection(builder.ConnectionString);
        connection.Open();
        try
        {
            return PollingLock.Acquire(
                () => TryLock(connection),
                () => null,
                $"SQL Server database {builder.InitialCatalog}",
                timeout,
                cancellationToken);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static Held? TryLock(SqlConnection connection)
    {
        using var command = new SqlCommand(TryLockSql, connection);
        command.Parameters.AddWithValue("@resource", Resource);
        return (int)command.ExecuteScalar()! >= 0 ? new Held(connection) : null;
    }

    private sealed class Held(SqlConnection connection) : IDisposable
    {
        public void Dispose()
        {
            using (var command = new SqlCommand(ReleaseSql, connection))
            {
                command.Parameters.AddWithValue("@resource", Resource);
                command.ExecuteNonQuery();
            }

            connection.Dispose();
        }
    }
}
