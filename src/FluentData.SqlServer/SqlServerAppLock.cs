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
            ApplicationName = SessionLock.RunnerName,
        };
        var connection = new SqlConnection(builder.ConnectionString);
        return SessionLock.Acquire(
            connection,
            $"SQL Server database {builder.InitialCatalog}",
            () =>
            {
                using var command = Command(connection, TryLockSql);
                return (int)command.ExecuteScalar()! >= 0;
            },
            () =>
            {
                using var command = Command(connection, ReleaseSql);
                command.ExecuteNonQuery();
            },
            () => null,
            timeout,
            cancellationToken);
    }

    /// <summary>A command on the lock's connection with the lock's resource as parameter.</summary>
    private static SqlCommand Command(SqlConnection connection, string sql)
    {
        var command = new SqlCommand(sql, connection);
        command.Parameters.AddWithValue("@resource", Resource);
        return command;
    }
}
