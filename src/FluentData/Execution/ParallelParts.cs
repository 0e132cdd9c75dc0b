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
internal sealed partial class ParallelParts(
    TransformPlan plan, DbConnection connection, TransformRunSettings settings, IResumePoint? checkpoint, long? expectedRows, ILogger logger)
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
                    : "it runs in the migration's transaction, which lives on one connection");
            }

            // A dry run of an interrupted run on several connections goes through its unfinished parts, as the rerun will.
            return parts is null ? run(connection, transactions, settings, readAhead: true) : RunParts(parts, [connection], transaction, run);
        }

        if (parts is null && wanted == 1)
            return run(connection, transactions, settings, readAhead: true);

        var helpers = new List<ReadAheadConnection>();
        try
        {
            while (helpers.Count < wanted - 1 && plan.Dialect.OpenReadAhead(connection, null, plan.Table) is { } helper)
                helpers.Add(helper);

            if (parts is null)
            {
                if (helpers.Count == 0)
                {
                    LogOneConnection(plan.Expression.Migration, plan.Expression, wanted,
                        $"{plan.Dialect.Name} offers no second connection here that provably sees the table as the migration does. Transforms run on " +
                        "several connections on PostgreSQL, and there not after a SET ROLE or setting the migration changed, on a temporary table, or without a connection to spare");
                    return run(connection, transactions, settings, readAhead: true);
                }

                parts = checkpoint.Split(connection, plan.Table, Boundaries(checkpoint.ResumeAfter(plan.Table), (helpers.Count + 1) * PartsPerConnection, expectedRows));
            }

            return RunParts(parts, [connection, .. helpers.Select(h => h.Connection)], null, run);
        }
        finally
        {
            foreach (var helper in helpers)
                helper.Dispose();
        }
    }

    private int RunParts(IReadOnlyList<IResumePoint> parts, IReadOnlyList<DbConnection> connections, DbTransaction? transaction, PartRunner run)
    {
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
                        part.Finish(on);
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

    /// <summary>
    /// The keys that end every part but the last (which runs to the end of the table, rows added
    /// meanwhile included): an integer key's values cut evenly between its smallest and largest;
    /// any other key every <c>rows / parts</c> rows that match the filter, in key order.
    /// </summary>
    private List<object?[]> Boundaries(object?[]? after, int parts, long? expectedRows)
    {
        var boundaries = new List<object?[]>();
        if (plan.Table.KeyColumns is [{ Kind: ValueKind.Integer, TypeEnforced: true } key])
        {
            if (ReadKey(plan.Dialect.BuildRangeMin(plan.Table, after is not null), after) is not [{ } low]
                || ReadKey(plan.Dialect.BuildRangeLast(plan.Table, null, after is not null), after, ("@limit", 1)) is not [{ } high])
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

        var rows = Math.Max(1, (expectedRows ?? 0) / parts);
        var previous = after;
        for (var part = 1; part < parts; part++)
        {
            if (ReadKey(plan.Dialect.BuildRangeEnd(plan.Table, plan.Expression.Filter, previous is not null), previous, ("@offset", rows - 1)) is not { } end)
                break;
            boundaries.Add(end);
            previous = end;
        }

        return boundaries;
    }

    private object?[]? ReadKey(string sql, object?[]? after, params (string Name, object? Value)[] more)
    {
        try
        {
            using var command = Commands.Create(connection, null, sql, settings.CommandTimeout, [.. Commands.Key("after", after), .. more]);
            using var reader = command.ExecuteReader();
            if (!reader.Read())
                return null;
            var key = new object?[reader.FieldCount];
            for (var i = 0; i < key.Length; i++)
                key[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            return key.All(v => v is null) ? null : key;
        }
        catch (DbException e)
        {
            throw TransformFailures.Unreadable(plan, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Migration}: {Transform} asked for {Connections} connections but runs on one: {Reason}")]
    private partial void LogOneConnection(MigrationIdentity migration, Expressions.TransformExpression transform, int connections, string reason);
}
