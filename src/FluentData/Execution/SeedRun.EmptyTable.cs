using System.Data.Common;
using System.Globalization;
using FluentData.Dialects;
using FluentData.Expressions;

namespace FluentData.Execution;

/// <summary>A seed into an empty table: every row by the bulk insert, written while the rows are read.</summary>
internal sealed partial class SeedRun
{
    /// <summary>
    /// Every row into an empty table with the bulk insert, each chunk written on a second thread as
    /// soon as it is read and checked (the connection is not otherwise used meanwhile), all or
    /// nothing: in a transaction of its own online, behind a savepoint in the migration's. A row the
    /// seed cannot give stops it with nothing written; a key the table's unique index finds twice,
    /// or a row another session inserted meanwhile, makes the database refuse it: then the staged
    /// path names the rows, or upserts. Null then.
    /// </summary>
    private SeedOutcome? InsertAll()
    {
        const string savepoint = "fluentdata_seed";
        var saved = !_transactions.Online && transaction!.SupportsSavepoints;
        if (!_transactions.Online && !saved)
        {
            Load();
            return null;
        }

        DbTransaction? own = null;
        using var chunks = new System.Collections.Concurrent.BlockingCollection<(int Start, int Count)>();
        Task<long>? writer = null;
        try
        {
            try
            {
                // Begun once the rows' columns are known: reading them uses the connection too.
                Load(rows =>
                {
                    own = _transactions.Online ? connection.BeginTransaction() : null;
                    if (saved)
                        transaction!.Save(savepoint);
                    writer = Task.Run(() => Write(rows, own ?? transaction!, chunks));
                }, (start, count) => chunks.Add((start, count)));
            }
            finally
            {
                // The connection is the writer's until it is done, also when a row of the seed was refused.
                chunks.CompleteAdding();
                Settle(writer);
            }

            var inserted = writer!.Result;
            if (inserted != _rows.Count)
                throw new InvalidOperationException($"inserted {inserted} rows of {_rows.Count}");
            if (saved)
                transaction!.Release(savepoint);
            own?.Commit();
            return new SeedOutcome(inserted, 0, 0, 0, 0, [], "inserted into the empty table");
        }
        catch (Exception e) when (e is AggregateException { InnerException: DbException } or InvalidOperationException && connection.State == System.Data.ConnectionState.Open)
        {
            if (saved)
                transaction!.Rollback(savepoint);
            return null;
        }
        finally
        {
            // A savepoint not released is rolled back with the migration's transaction when the seed fails.
            own?.Dispose();
        }
    }

    /// <summary>Waits for work on a second thread to end, whatever its outcome; the caller looks at that.</summary>
    private static void Settle(Task? task)
    {
        try
        {
            task?.Wait();
        }
        catch (AggregateException)
        {
        }
    }

    /// <summary>Inserts each chunk as it comes; after a failure, only drains them.</summary>
    private long Write(SeedRows rows, DbTransaction tx, System.Collections.Concurrent.BlockingCollection<(int Start, int Count)> chunks)
    {
        using var inserter = dialect.CreateInserter(table, rows.Columns);
        var inserted = 0L;
        Exception? failed = null;
        foreach (var (start, count) in chunks.GetConsumingEnumerable())
        {
            if (failed is not null)
                continue;
            try
            {
                inserted += inserter.Insert(connection, tx, rows.Chunk(start), count);
            }
            catch (Exception e)
            {
                failed = e;
            }
        }

        return failed is null ? inserted : throw failed;
    }
}
