using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Runtime.ExceptionServices;
using FluentData.Dialects;
using Microsoft.Extensions.Logging;

namespace FluentData.Execution;

/// <summary>Runs the batches of one part of a table (or of all of it) on a connection; returns the batches.</summary>
internal delegate int PartRunner(DbConnection connection, BatchTransactions transactions, TransformRunSettings settings, bool readAhead);

/// <summary>
/// Runs an online transform on several connections at once (<c>InParallel(n)</c>). Before any row
/// is written, the rest of the table is split into parts of about the same number of rows — by key
/// value for an integer key, by walking the key's index for any other — and the parts are saved
/// with the checkpoint. Each connection then takes the next part not started and runs it as a
/// transform of its own: its batches, each committed with the part's own checkpoint. After a
/// crash every part resumes after the last key it committed, whoever runs it and however many
/// connections the rerun has. A failure stops the other connections at their next batch; what
/// they committed stays.
/// </summary>
internal sealed partial class ParallelParts(TransformPlan plan, DbConnection connection, TransformRunSettings settings, IResumePoint? checkpoint, ILogger logger)
{
    /// <summary>
    /// Parts per connection: enough that a connection whose parts hold fewer rows (or cheaper
    /// ones) takes another while the others finish theirs, few enough to cost one index walk.
    /// </summary>
    internal const int PartsPerConnection = 4;

    /// <param name="transactions">Where the batches of the whole table run: online, or in the migration's transaction.</param>
    /// <param name="transaction">The migration's transaction, or null online.</param>
    /// <param name="run">Runs the batches of a part, or of the whole table.</param>
    public int Run(BatchTransactions transactions, DbTransaction? transaction, PartRunner run)
    {
        var wanted = plan.Expression.Parallelism ?? 1;
        var parts = checkpoint?.Parts;
        if (!transactions.Online || checkpoint is null)
        {
            if (wanted > 1)
            {
                LogOneConnection(plan.Expression.Migration, plan.Expression, wanted, transactions.Online
                    ? "it has no checkpoint to keep its parts in (a migration without a version)"
                    : "it runs in a transaction (the migration's, or a dry run's), which lives on one connection");
            }

            // A dry run of an interrupted run on several connections goes through its unfinished parts, as the rerun will.
            return parts is null ? run(connection, transactions, settings, readAhead: true) : RunParts(parts, [connection], transaction, run);
        }

        if (parts is null && wanted == 1)
            return run(connection, transactions, settings, readAhead: true);

        var helpers = new List<ReadAheadConnection>();
        try
        {
            while (helpers.Count < Math.Min(wanted, parts?.Count ?? wanted) - 1 && plan.Dialect.OpenReadAhead(connection, null, plan.Table) is { } helper)
                helpers.Add(helper);

            if (parts is null && helpers.Count == 0)
            {
                LogOneConnection(plan.Expression.Migration, plan.Expression, wanted,
                    $"{plan.Dialect.Name} offers no second connection here that provably sees what the migration's connection sees. Transforms run on " +
                    "several connections on PostgreSQL, and there not after a SET ROLE or setting the migration changed, beside a temporary table of " +
                    "the migration's session, or without a connection to spare");
                return run(connection, transactions, settings, readAhead: true);
            }

            if (helpers.Count + 1 < wanted && (parts is null || parts.Count >= wanted))
                LogFewerConnections(plan.Expression.Migration, plan.Expression, helpers.Count + 1, wanted);
            parts ??= Split(checkpoint, (helpers.Count + 1) * PartsPerConnection);
            var connections = Math.Min(helpers.Count + 1, parts.Count);
            LogParts(plan.Expression.Migration, plan.Expression, parts.Count, connections);
            return RunParts(parts, [connection, .. helpers.Select(h => h.Connection)], null, run);
        }
        finally
        {
            foreach (var helper in helpers)
                helper.Dispose();
        }
    }

    /// <summary>Cuts the rest of the table into parts and saves them; nothing is written before they are saved.</summary>
    private IReadOnlyList<IResumePoint> Split(IResumePoint checkpoint, int parts)
    {
        var boundaries = Boundaries(checkpoint.ResumeAfter(plan.Table), parts);
        try
        {
            return checkpoint.Split(connection, plan.Table, boundaries);
        }
        catch (DbException e)
        {
            throw TransformFailures.Failed(plan, FailureOutcome.NothingWritten, null, null,
                $"the {plan.Dialect.Name} database refused to save its parts in the checkpoint table {CheckpointTableHint}: {e.Message}", e, "the split of the table into parts");
        }
    }

    private const string CheckpointTableHint = "FluentDataCheckpointRanges (next to FluentMigrator's version table)";

    private int RunParts(IReadOnlyList<IResumePoint> parts, IReadOnlyList<DbConnection> connections, DbTransaction? transaction, PartRunner run)
    {
        // Every part's keys are read back before any part runs: one that no longer fits the table stops the run before anything is written.
        foreach (var part in parts)
            _ = (part.ResumeAfter(plan.Table), part.Until(plan.Table));

        var waiting = new ConcurrentQueue<IResumePoint>(parts);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(settings.Cancellation);
        var partSettings = settings with { Cancellation = stop.Token };
        Exception? failure = null;
        var batches = 0;

        void Work(DbConnection on)
        {
            try
            {
                while (!stop.IsCancellationRequested && waiting.TryDequeue(out var part))
                {
                    Interlocked.Add(ref batches, run(on, new BatchTransactions(on, transaction, part), partSettings, readAhead: false));
                    if (transaction is null)
                        Finish(part, on);
                }
            }
            catch (Exception e)
            {
                // The first failure is the one to report; the others stopped because of it.
                if (!(e is OperationCanceledException && stop.IsCancellationRequested))
                    Interlocked.CompareExchange(ref failure, e, null);
                stop.Cancel();
            }
        }

        // Threads of their own: each blocks on the database for the whole transform.
        var workers = connections.Select(on => Task.Factory.StartNew(() => Work(on), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        Task.WaitAll(workers);
        if (failure is not null)
            ExceptionDispatchInfo.Throw(failure);
        settings.Cancellation.ThrowIfCancellationRequested();
        return batches;
    }

    private void Finish(IResumePoint part, DbConnection on)
    {
        try
        {
            part.Finish(on);
        }
        catch (DbException e)
        {
            throw TransformFailures.Failed(plan, FailureOutcome.EarlierBatchesKept, null, null,
                $"the {plan.Dialect.Name} database refused to record a finished part in {CheckpointTableHint}: {e.Message}", e, "the end of a part");
        }
    }

    /// <summary>
    /// The keys that end every part but the last (which runs to the end of the table, rows added
    /// meanwhile included): an integer key's values cut evenly between the smallest and largest
    /// key the filter selects; any other key every <c>rows / parts</c> rows of the table, in key
    /// order (the table's rows: a count with the filter is, on a big table, an estimate of the whole
    /// table, and cutting filtered rows by it would leave one part).
    /// </summary>
    private List<object?[]> Boundaries(object?[]? after, int parts)
    {
        var boundaries = new List<object?[]>();
        var filter = plan.Expression.Filter;
        if (plan.Table.KeyColumns is [{ Kind: ValueKind.Integer, TypeEnforced: true } key])
        {
            if (ReadKey(plan.Dialect.BuildRangeEnd(plan.Table, filter, after is not null), after, ("@offset", 0)) is not [{ } low]
                || ReadKey(plan.Dialect.BuildRangeLast(plan.Table, filter, after is not null), after, ("@limit", 1)) is not [{ } high])
                return boundaries;

            var (first, last) = (Convert.ToDecimal(low, CultureInfo.InvariantCulture), Convert.ToDecimal(high, CultureInfo.InvariantCulture));
            var width = (last - first + 1) / parts;
            for (var part = 1; part < parts; part++)
            {
                var end = Math.Floor(first + (width * part) - 1);
                if (end >= first && end < last && (boundaries.Count == 0 || end > Convert.ToDecimal(boundaries[^1][0], CultureInfo.InvariantCulture)))
                    boundaries.Add([Convert.ChangeType(end, key.ClrType, CultureInfo.InvariantCulture)]);
            }

            return boundaries;
        }

        var rows = Math.Max(1, TableRows() / parts);
        var previous = after;
        for (var part = 1; part < parts; part++)
        {
            if (ReadKey(plan.Dialect.BuildRangeEnd(plan.Table, null, previous is not null), previous, ("@offset", rows - 1)) is not { } end)
                break;
            boundaries.Add(end);
            previous = end;
        }

        return boundaries;
    }

    private long TableRows() =>
        TransformFailures.Reading(plan, () => plan.Dialect.CountRows(connection, null, plan.Table, null)?.Rows ?? 0);

    private object?[]? ReadKey(string sql, object?[]? after, params (string Name, object? Value)[] more) =>
        TransformFailures.Reading(plan, () => KeyParts.ReadFirst(connection, null, settings.CommandTimeout, sql, after, more));

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Migration}: {Transform} runs on one connection, not the {Connections} asked for: {Reason}")]
    private partial void LogOneConnection(MigrationIdentity migration, Expressions.TransformExpression transform, int connections, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Migration}: {Transform} runs on {Connections} connections, not the {Asked} asked for: no more could be opened (max_connections, the pool's Maximum Pool Size)")]
    private partial void LogFewerConnections(MigrationIdentity migration, Expressions.TransformExpression transform, int connections, int asked);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Migration}: {Transform} runs {Parts} parts of the table on {Connections} connections")]
    private partial void LogParts(MigrationIdentity migration, Expressions.TransformExpression transform, int parts, int connections);
}
