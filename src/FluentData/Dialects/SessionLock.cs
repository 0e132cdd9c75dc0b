using System.Data.Common;

namespace FluentData.Dialects;

/// <summary>
/// A lock owned by the session of a connection of its own (PostgreSQL advisory lock, SQL Server
/// application lock), held for the whole run: tried every <see cref="PollingLock.PollInterval"/>
/// until a deadline, and released by the database's own unlock before the connection closes —
/// a closed session's locks go only once its server process has exited, a moment later, and a
/// runner started right then would find the lock still held.
/// </summary>
internal static class SessionLock
{
    /// <summary>The lock connection's application name, so a waiting runner can say who holds the lock.</summary>
    public static string RunnerName => $"FluentData runner on {Environment.MachineName}, process {Environment.ProcessId}";

    /// <param name="connection">A connection of the lock's own, not yet open; disposed with the lock.</param>
    /// <param name="database">The database in messages, e.g. "PostgreSQL database shop".</param>
    /// <param name="tryLock">Tries the lock once on the connection, without waiting.</param>
    /// <param name="release">Releases it on the connection.</param>
    /// <param name="describeHolder">Who holds it, when the database can say.</param>
    /// <param name="timeout">How long another runner may hold it.</param>
    /// <param name="cancellationToken">Stops the waiting.</param>
    public static IDisposable Acquire(DbConnection connection, string database, Func<bool> tryLock, Action release, Func<string?> describeHolder, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            connection.Open();
            return PollingLock.Acquire(() => tryLock() ? new Held(connection, release) : null, describeHolder, database, timeout, cancellationToken);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private sealed class Held(DbConnection connection, Action release) : IDisposable
    {
        public void Dispose()
        {
            try
            {
                release();
            }
            catch (DbException)
            {
                // The session is gone already, and its lock with it.
            }
            finally
            {
                connection.Dispose();
            }
        }
    }
}
