using System.Data;
using System.Data.Common;
using FluentData.Dialects;
using FluentData.Dialects.Sqlite;
using FluentData.Expressions;
using FluentData.Runner;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FluentData.Execution;

/// <summary>
/// Runs a transform: checks it against the schema, reads the table by keyset in batches, calls
/// the user's function per row, checks each value against its column and writes each batch back
/// through the dialect. In the migration's transaction when there is one (atomic); otherwise
/// each batch commits on its own with its checkpoint (online).
/// </summary>
internal sealed partial class TransformEngine(
    IEnumerable<IDataDialect> dialects,
    ILogger<TransformEngine> logger,
    RunJournal? journal = null,
    RunControl? control = null,
    IOptions<DataMigrationOptions>? options = null)
{
    private readonly IDataDialect[] _dialects = dialects.ToArray();

    /// <summary>The engine used when a migration runs outside <c>AddDataMigrations</c>: SQLite only.</summary>
    public static TransformEngine Default { get; } = new([new SqliteDialect()], NullLogger<TransformEngine>.Instance);

    public void Run(TransformExpression expression, DbConnection connection, DbTransaction? transaction, TimeSpan? commandTimeout)
    {
        var dialect = _dialects.For(connection, $"Transform on {expression.Target} in {expression.Migration}", expression.Migration, expression.TableName);

        var plan = TransformPlan.Create(expression, dialect, connection, transaction);
        var expected = CountRows(dialect, connection, transaction, plan);
        var transactions = new BatchTransactions(connection, transaction, expression.Checkpoint);
        var dryRun = control?.DryRun == true;
        var total = new TransformTally(plan.Targets.Count, dryRun) { Read = transactions.Resumed.Read, Changed = transactions.Resumed.Changed };
        var progress = new ProgressReporter(expression, expected?.Rows, expected?.IsEstimate ?? false, total.Read, options?.Value.Progress, logger);
        var settings = new TransformRunSettings(commandTimeout, control?.Cancellation ?? CancellationToken.None, dryRun);

        var parts = new ParallelParts(plan, connection, settings, expression.Checkpoint, logger);
        var batches = Execute(plan, connection, transaction, settings, transactions, total, progress, parts);

        var final = progress.Report(total, completed: true);
        var columns = expression.Columns.ToArray();
        journal?.Transformed(new TransformResult(expression.Migration, expression.TableName, columns, total.Read, total.Changed, total.Redone, batches, final.Elapsed));
        if (dryRun)
        {
            journal?.DryRunTransformed(new DryRunTransform(expression.Migration, expression.TableName, columns, total.Read, total.Changed,
                plan.Targets.Select((t, i) => (t.Name, total.BecameNull[i])).ToDictionary(), total.Samples!, total.Redone));
        }

        LogTransformed(expression.Migration, expression, total.Read, total.Changed, total.Redone, batches, final.Elapsed);
    }

    /// <summary>
    /// SQL values run in the database. A C# function runs in the database too when the database
    /// lives in this process (SQLite: a registered function called by one UPDATE per key range);
    /// otherwise rows travel: keyset read, function, one set-based write per batch. SQL values and
    /// travelling rows run on several connections when asked to (<see cref="ParallelParts"/>).
    /// Returns the batches.
    /// </summary>
    private static int Execute(
        TransformPlan plan, DbConnection connection, DbTransaction? transaction, TransformRunSettings settings, BatchTransactions transactions,
        TransformTally total, ProgressReporter progress, ParallelParts parts)
    {
        int InParts(PartRunner run) => parts.Run(transactions, transaction, run);

        var target = plan.Targets[0];
        var id = Interlocked.Increment(ref _registeredFunctions);
        var fresh = !transactions.Started(plan.Table);
        if (plan.Expression.SqlExpression is not null || plan.Expression.ValueMap is not null)
        {
            var (value, parameters) = plan.Expression.SqlExpression is { } sql ? (sql, []) : MapSql.Build(plan);
            if (plan.Expression is { ValueMap: not null, Reversal: ReversalKind.Checked } && fresh)
                MapSql.RefuseAmbiguousReversal(plan, parameters, connection, transaction);
            var changed = plan.Dialect.IsDistinct(target, plan.Dialect.Quote(target.Name), SqlText.Grouped(value));
            using var counter = plan.Dialect.RegisterChangeCounter(connection, $"fluentdata_counted_{id}");
            // The change counter lives in this connection (SQLite, which never has a second one).
            return InParts((on, part, partSettings, _) =>
                new RangeUpdates(plan, on, on == connection ? transaction : null, partSettings, part, [value], changed, null, parameters, on == connection ? counter : null)
                    .Run(total, progress));
        }

        // Online, each batch commits: a Reverse that does not give every row back is found
        // before the first one, by a pass that reads and checks without writing.
        if (plan.Expression is { Reversal: ReversalKind.Checked, ReverseFunction: not null } && transactions.Online && fresh)
            new TransformBatches(plan, connection, transaction, settings, transactions, checkOnly: true).Run(new TransformTally(plan.Targets.Count), progress);

        if (plan.Table.Columns.Count < MaxFunctionArguments)
        {
            var function = new InDatabaseRowFunction(plan, new RowTransformer(plan, transactions.Outcome), settings.DryRun);
            var (name, changed) = ($"fluentdata_row_{id}", $"fluentdata_changed_{id}");
            using var registration = plan.Dialect.RegisterFunction(connection, name, plan.Table.Columns.Count, plan.Targets.Count, function.Invoke);
            using var changedRegistration = registration is null ? null
                : plan.Dialect.RegisterFunction(connection, changed, plan.Table.Columns.Count, 1, (_, row) => function.Changed(row) ? 1L : 0L);
            if (changedRegistration is not null)
            {
                var calls = plan.Targets.Select((_, i) => function.CallFor(name, i, plan.Dialect.Quote)).ToList();
                // CASE keeps the function from running for rows the filter leaves out, whatever order the database evaluates the WHERE in.
                var onlyChanged = plan.Expression.Filter is { } filter
                    ? $"CASE WHEN {SqlText.Grouped(filter)} THEN {function.ChangedCall(changed, plan.Dialect.Quote)} ELSE 0 END"
                    : function.ChangedCall(changed, plan.Dialect.Quote);
                // Registered in this connection: SQLite, which never has a second one.
                return InParts((_, part, partSettings, _) =>
                    new RangeUpdates(plan, connection, transaction, partSettings, part, calls, onlyChanged, function).Run(total, progress));
            }
        }

        return InParts((on, part, partSettings, readAhead) =>
            new TransformBatches(plan, on, on == connection ? transaction : null, partSettings, part, readAhead: readAhead).Run(total, progress));
    }

    /// <summary>SQLite's default limit on a function's arguments is 127: the target index and every column must fit.</summary>
    private const int MaxFunctionArguments = 100;

    private static long _registeredFunctions;

    private static (long Rows, bool IsEstimate)? CountRows(IDataDialect dialect, DbConnection connection, DbTransaction? transaction, TransformPlan plan) =>
        TransformFailures.Reading(plan, () => dialect.CountRows(connection, transaction, plan.Table, plan.Expression.Filter));

    [LoggerMessage(Level = LogLevel.Information, Message = "{Migration}: {Transform}: {Rows} rows read, {Changed} changed, {Redone} redone, in {Batches} batches, {Elapsed}")]
    private partial void LogTransformed(MigrationIdentity migration, TransformExpression transform, long rows, long changed, long redone, int batches, TimeSpan elapsed);
}
