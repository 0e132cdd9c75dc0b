using System.Data.Common;

namespace FluentData.Dialects;

/// <summary>
/// A second connection to the migration's database that reads batches ahead of the writes, with
/// the transaction it reads in (none when every read may run on its own).
/// </summary>
internal sealed class ReadAheadConnection(DbConnection connection, DbTransaction? transaction) : IDisposable
{
    public DbConnection Connection { get; } = connection;

    public DbTransaction? Transaction { get; } = transaction;

    public void Dispose()
    {
        // Nothing was written here: ending the read transaction by rollback releases its lock.
        Transaction?.Dispose();
        Connection.Dispose();
    }
}
