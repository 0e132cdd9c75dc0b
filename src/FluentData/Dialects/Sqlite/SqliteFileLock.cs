using System.Globalization;
using Microsoft.Data.Sqlite;

namespace FluentData.Dialects.Sqlite;

/// <summary>
/// SQLite has no lock that outlives a transaction, so runners meet at an exclusive OS file lock
/// on a hidden file next to the database (".&lt;database file&gt;.fluentdata-lock"), which works
/// across processes, users and containers that share the database's folder. The holder says who
/// it is in ".&lt;database file&gt;.fluentdata-owner", removed when it lets go. The lock file
/// itself stays: deleting it while another runner waits on it would let two runners in (the
/// waiter would lock the deleted file while a third creates a new one). Both are hidden files, out
/// of a user's sight. An in-memory database belongs to one connection and needs no lock.
/// </summary>
internal sealed class SqliteFileLock(string connectionString) : IDatabaseLock
{
    public IDisposable Acquire(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is "" or ":memory:" || builder.Mode == SqliteOpenMode.Memory)
            return new Held(null, null);

        var database = Path.GetFullPath(builder.DataSource);
        var folder = Path.GetDirectoryName(database)!;
        var path = Path.Combine(folder, $".{Path.GetFileName(database)}.fluentdata-lock");
        var owner = Path.Combine(folder, $".{Path.GetFileName(database)}.fluentdata-owner");
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
            Hide(path);
            Hide(owner);
            return new Held(stream, owner);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>A leading dot hides a file on Unix; Windows needs the attribute.</summary>
    private static void Hide(string file)
    {
        if (OperatingSystem.IsWindows())
            File.SetAttributes(file, File.GetAttributes(file) | FileAttributes.Hidden);
    }

    private sealed class Held(FileStream? stream, string? owner) : IDisposable
    {
        public void Dispose()
        {
            if (stream is null)
                return;

            // Removed before release, so a stale owner is never reported.
            File.Delete(owner!);
            stream.Dispose();
        }
    }
}
