using System.Data.Common;
using System.Diagnostics;
using FluentData.Dialects;
using FluentData.Dialects.Sqlite;
using FluentData.Expressions;
using FluentData.Runner;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FluentData.Execution;

/// <summary>
/// Runs a purge: checks the table, then deletes the rows the filter selects one key range at a
/// time (<see cref="KeyRanges"/>), each <c>DELETE</c> bounded to its range, so no statement holds
/// more than about a batch of row locks and nothing travels but keys. In the
/// migration's transaction when there is one (atomic); otherwise each batch commits on its own
/// with its checkpoint (online), and a rerun continues after the last batch committed.
/// </summary>
internal sealed partial class PurgeEngine(
    IEnumerable<IDataDialect> dialects,
    ILogger<PurgeEngine> logger,
    RunJournal? journal = null,
    RunControl? control = null,
    IOptions<DataMigrationOptions>? options = null)
{
    private readonly IDataDialect[] _dialects = dialects.ToArray();

    /// <summary>The engine used when a migration runs outside <c>AddDataMigrations</c>: SQLite only.</summary>
    public static PurgeEngine Default { get; } = new([new SqliteDialect()], NullLogger<PurgeEngine>.Instance);

    public void Run(PurgeExpression purge, DbConnection connection, DbTransaction? transaction, TimeSpan? timeout)
    {
        var clock = Stopwatch.StartNew();
        var dialect = _dialects.For(connection, $"Purge of {purge.Target} in {purge.Migration}", purge.Migration, purge.TableName);
        var table = KeyedTables.Read(dialect, connection, transaction, new TableName(purge.SchemaName, purge.TableName), "Purge", purge.Migration);
        var transactions = new BatchTransactions(connection, transaction, purge.Checkpoint);
        var expected = Count(purge, dialect, () => dialect.CountRows(connection, transaction, table, purge.Filter));
        var total = new TransformTally(0) { Read = transactions.Resumed.Read, Changed = transactions.Resumed.Read };
        var progress = new ProgressReporter(purge.Migration, purge.TableName, [], purge, expected?.Rows, expected?.IsEstimate ?? false, total.Read, options?.Value.Progress, logger);
        var cancellation = control?.Cancellation ?? CancellationToken.None;
        var batchSize = purge.BatchSize ?? dialect.DefaultBatchSize;

        var after = transactions.ResumeAfter(table);
        var ranges = new KeyRanges(dialect, table, purge.Filter, batchSize, null,
            (sql, from, more) => ReadKey(purge, dialect, connection, transaction, timeout, sql, from, more));
        var batches = 0;
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            var (upto, last) = ranges.Next(after);
            if (upto is null)
                break;

            var tally = new TransformTally(0);
            Delete(purge, dialect, table, connection, transactions, timeout, after, upto, tally);
            ranges.Counted(tally.Read);
            total.Add(tally);
            batches++;
            progress.Report(total, completed: false);
            if (last)
                break;

            after = upto;
            if (purge.Throttle is { } pause)
                cancellation.WaitHandle.WaitOne(pause);
        }

        progress.Report(total, completed: true);
        journal?.Purged(new PurgeResult(purge.Migration, purge.TableName, purge.Filter, total.Read, batches, clock.Elapsed));
        LogPurged(purge.Migration, purge, total.Read, batches, clock.Elapsed);
    }

    /// <summary>Deletes one key range; online, commits it with its checkpoint. A batch the database aborts because of another session is tried again online.</summary>
    private static void Delete(
        PurgeExpression purge, IDataDialect dialect, TableSchema table, DbConnection connection, BatchTransactions transactions, TimeSpan? timeout,
        object?[]? after, object?[] upto, TransformTally tally)
    {
        try
        {
            transactions.RetryingConflicts(dialect, () => transactions.Write(tx =>
            {
                using var command = Commands.Create(connection, tx, dialect.BuildRangeDelete(table, purge.Filter, after is not null), timeout,
                    [.. Commands.Key("after", after), .. Commands.Key("upto", upto)]);
                tally.Read = tally.Changed = command.ExecuteNonQuery();
            }, upto, tally));
        }
        catch (DbException e)
        {
            var range = after is null
                ? $"the rows up to key {KeyParts.ToRowKey(table, upto)}"
                : $"the rows after key {KeyParts.ToRowKey(table, after)} up to {KeyParts.ToRowKey(table, upto)}";
            var left = transactions.Online
                ? "Batches before this one were committed (the migration runs without a transaction); this batch was not."
                : "The migration's transaction is rolled back: no row is deleted.";
            var why = dialect.IsConflict(e)
                ? "another session's concurrent write conflicted with it" + (transactions.Online ? $" {BatchTransactions.ConflictTries} times" : "")
                : "the database refused it (a foreign key that references them, a trigger, a permission)";
            throw new DataMigrationException($"Purge of {purge.Target} in {purge.Migration} failed on {range}: {why}: {e.Message.TrimEnd('.')}. {left}", e)
            {
                Migration = purge.Migration,
                Table = purge.TableName,
            };
        }
    }

    private static object?[]? ReadKey(
        PurgeExpression purge, IDataDialect dialect, DbConnection connection, DbTransaction? transaction, TimeSpan? timeout, string sql, object?[]? after,
        params (string Name, object? Value)[] more)
    {
        using var command = Commands.Create(connection, transaction, sql, timeout, [.. Commands.Key("after", after), .. more]);
        return Count(purge, dialect, () => KeyParts.ReadFirst(command));
    }

    /// <summary>Runs a read of the table; a failure (a Where the database cannot run) is named with the purge.</summary>
    private static T Count<T>(PurgeExpression purge, IDataDialect dialect, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (DbException e)
        {
            var filter = purge.Filter is null ? "" : $" Check the filter Where(\"{purge.Filter}\"): it is run as written, in the database's SQL.";
            throw new DataMigrationException($"Purge of {purge.Target} in {purge.Migration} could not read the table in the {dialect.Name} database: {e.Message.TrimEnd('.')}.{filter} Nothing was deleted by this batch.", e)
            {
                Migration = purge.Migration,
                Table = purge.TableName,
            };
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Migration}: {Purge}: {Rows} rows deleted in {Batches} batches, {Elapsed}")]
    private partial void LogPurged(MigrationIdentity migration, PurgeExpression purge, long rows, int batches, TimeSpan elapsed);
}
