using System.Globalization;
using Microsoft.Data.Sqlite;

namespace FluentData.Dialects.Sqlite;

/// <summary>
/// SQLite has no lock that outlives a transaction, so runners meet at an exclusive OS file lock
/// on "&lt;database file&gt;.lock", which works across processes on one machine — the only place
/// a SQLite file can be shared. The holder writes who it is to "&lt;database file&gt;.lock.owner".
/// An in-memory database belongs to one connection and needs no lock.
/// </summary>
internal sealed class SqliteFileLock(string connectionString) : IDatabaseLock
{
    public IDisposable Acquire(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is "" or ":memory:" || builder.Mode == SqliteOpenMode.Memory)
            return new Held(null, null);

        var path = Path.GetFullPath(builder.DataSource) + ".lock";
        var owner = path + ".owner";
        return PollingLock.Acquire(
            () => TryLock(path, owner),
            () => File.Exists(owner) ? File.ReadAllText(owner).Trim() : null,
            $"the SQLite database {builder.DataSource}",
            timeout,
            cancellationToken);
    }

    private static Held? TryLock(string path, string owner)
    {
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            File.WriteAllText(owner, string.Create(CultureInfo.InvariantCulture,
                $"held by process {Environment.ProcessId} on {Environment.MachineName} since {DateTime.UtcNow:u}"));
            return new Held(stream, owner);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private sealed class Held(FileStream? stream, string? owner) : IDisposable
    {
        public void Dispose()
        {
            if (stream is null)
                return;

            // Emptied before release, so a stale owner is never reported; the lock file itself
            // stays: deleting it while another runner waits on it would let two runners in.
            File.WriteAllText(owner!, "");
            stream.Dispose();
        }
    }
}
