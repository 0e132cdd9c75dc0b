using System.Data.Common;
using FluentData.Dialects;

namespace FluentData.Execution;

/// <summary>
/// Where each batch's write runs. Atomic: in the migration's transaction, no savepoint (on
/// PostgreSQL, a savepoint per batch would overflow the subtransaction cache of a long
/// migration and slow every other session). Online: in a transaction of its own that commits
/// together with the transform's checkpoint.
/// </summary>
internal sealed class BatchTransactions(DbConnection connection, DbTransaction? migrationTransaction, IResumePoint? checkpoint)
{
    /// <summary>Where an interrupted online run stopped; saved again only online (a dry run resumes from it, in its transaction, without saving).</summary>
    private readonly IResumePoint? _checkpoint = checkpoint;

    /// <summary>What the checkpoint holds: rows read and changed by every batch committed, in this run and before.</summary>
    private (long Read, long Changed) _committed = (checkpoint?.RowsDone ?? 0, checkpoint?.RowsChanged ?? 0);

    public bool Online => migrationTransaction is null;

    /// <summary>What a failure leaves behind: earlier batches online, nothing in a transaction.</summary>
    public FailureOutcome Outcome => Online ? FailureOutcome.EarlierBatchesKept : FailureOutcome.RolledBack;

    /// <summary>The key an interrupted online run committed last, or null to start at the beginning.</summary>
    public object?[]? ResumeAfter(TableSchema table) => _checkpoint?.ResumeAfter(table);

    /// <summary>
    /// Whether an interrupted online run committed anything, or split the table into parts (a part
    /// may have committed while the step's own checkpoint still says "from the start").
    /// </summary>
    public bool Started(TableSchema table) => ResumeAfter(table) is not null || _checkpoint?.Parts is not null;

    /// <summary>The last key, inclusive, of the part of the table these batches cover; null to the end of the table.</summary>
    public object?[]? Until(TableSchema table) => _checkpoint?.Until(table);

    /// <summary>What an interrupted online run committed: rows read and rows changed.</summary>
    public (long Read, long Changed) Resumed => (_checkpoint?.RowsDone ?? 0, _checkpoint?.RowsChanged ?? 0);

    /// <summary>
    /// Runs <paramref name="write"/>, which adds what it read and changed to <paramref name="tally"/>;
    /// online, commits it with a checkpoint at <paramref name="lastKey"/> counting every batch
    /// committed with this one.
    /// </summary>
    public void Write(Action<DbTransaction?> write, object?[] lastKey, TransformTally tally)
    {
        if (!Online)
        {
            write(migrationTransaction);
            return;
        }

        using var own = connection.BeginTransaction();
        write(own);

        // The checkpoint commits with the batch: after a crash the rerun resumes exactly after
        // the last batch written, so no row is transformed twice and none is skipped.
        (long Read, long Changed) committed = (_committed.Read + tally.Read, _committed.Changed + tally.Changed);
        _checkpoint?.Save(connection, own, lastKey, committed.Read, committed.Changed);
        own.Commit();
        _committed = committed;
    }

    /// <summary>How many times an online batch is tried when concurrent sessions keep making the database abort it.</summary>
    public const int ConflictTries = 5;

    /// <summary>
    /// Runs <paramref name="attempt"/> (a batch's <see cref="Write"/>); online, when a concurrent
    /// session made the database abort it (<see cref="IDataDialect.IsConflict"/>: a serialization
    /// failure, a deadlock, a row moved to another partition while the batch waited for it), its
    /// transaction rolled back and nothing of it stayed, so it runs again from the start.
    /// </summary>
    public void RetryingConflicts(IDataDialect dialect, Action attempt)
    {
        for (var tries = 1; ; tries++)
        {
            try
            {
                attempt();
                return;
            }
            catch (DbException e) when (Online && tries < ConflictTries && dialect.IsConflict(e))
            {
            }
        }
    }

    /// <summary>
    /// After a refused write: tries the pieces one at a time to find the row the database
    /// refuses, then undoes them. Possible online (a fresh transaction) and where a failed
    /// statement leaves the transaction usable (SQLite); on PostgreSQL the migration's
    /// transaction is already aborted and the caller names the key range instead.
    /// </summary>
    public (object?[] Key, Exception Error)? Locate<TPiece>(Func<DbTransaction?, IEnumerable<TPiece>> pieces, Func<TPiece, object?[]> keyOf, Action<TPiece, DbTransaction?> write, bool failureAbortsTransaction)
    {
        // A connection the server closed (terminated, restarted) has nothing left to search with.
        if ((!Online && failureAbortsTransaction) || connection.State != System.Data.ConnectionState.Open)
            return null;

        using var own = Online ? connection.BeginTransaction() : null;
        var current = own ?? migrationTransaction;
        try
        {
            foreach (var piece in pieces(current))
            {
                try
                {
                    write(piece, current);
                }
                catch (Exception e) when (TransformFailures.IsRefusal(e))
                {
                    return (keyOf(piece), e);
                }
            }

            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or DbException)
        {
            // The search itself could not run (a trigger's RAISE(ROLLBACK) ended the transaction,
            // the keys could not be read again): the caller names the batch instead.
            return null;
        }
        finally
        {
            // Online, nothing of the search is kept; in the migration's transaction the
            // migration fails now and FluentMigrator rolls everything back.
            if (own?.Connection is not null)
                own.Rollback();
        }
    }
}
