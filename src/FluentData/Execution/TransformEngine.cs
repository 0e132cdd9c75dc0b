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
        var progress = new ProgressReporter(expression, expected?.Rows, expected?.IsEstimate ?? false, transactions.ResumedRows, options?.Value.Progress, logger);
        var settings = new TransformRunSettings(commandTimeout, control?.Cancellation ?? CancellationToken.None);

        var sampler = control?.DryRun == true ? new DryRunSampler(plan, connection, transaction) : null;
        sampler?.Before();
        var (rows, batches) = Execute(plan, connection, transaction, settings, transactions, progress);
        if (sampler is not null)
            journal?.DryRunTransformed(sampler.After(rows));

        var final = progress.Report(rows, completed: true);
        journal?.Transformed(new TransformResult(expression.Migration, expression.TableName, expression.Columns.ToArray(), rows, batches, final.Elapsed));
        LogTransformed(expression.Migration, expression, rows, batches, final.Elapsed);
    }

    /// <summary>
    /// SQL values run in the database. A C# function runs in the database too when the database
    /// lives in this process (SQLite: a registered function called by one UPDATE per key range);
    /// otherwise rows travel: keyset read, function, one set-based write per batch.
    /// </summary>
    private static (long Rows, int Batches) Execute(
        TransformPlan plan, DbConnection connection, DbTransaction? transaction, TransformRunSettings settings, BatchTransactions transactions, ProgressReporter progress)
    {
        if (plan.Expression.SqlExpression is { } sql)
            return new RangeUpdates(plan, connection, transaction, settings, transactions, [sql], null).Run(progress);

        if (plan.Expression.ValueMap is not null)
        {
            var (cases, parameters) = MapSql.Build(plan);
            return new RangeUpdates(plan, connection, transaction, settings, transactions, [cases], null, parameters).Run(progress);
        }

        if (plan.Table.Columns.Count < MaxFunctionArguments)
        {
            var function = new InDatabaseRowFunction(plan, new RowTransformer(plan, transactions.Online));
            var name = $"fluentdata_row_{Interlocked.Increment(ref _registeredFunctions)}";
            using var registration = plan.Dialect.RegisterFunction(connection, name, plan.Table.Columns.Count, plan.Targets.Count, function.Invoke);
            if (registration is not null)
            {
                var calls = plan.Targets.Select((_, i) => function.CallFor(name, i, plan.Dialect.Quote)).ToList();
                return new RangeUpdates(plan, connection, transaction, settings, transactions, calls, function).Run(progress);
            }
        }

        return new TransformBatches(plan, connection, transaction, settings, transactions).Run(progress);
    }

    /// <summary>SQLite's default limit on a function's arguments is 127: the target index and every column must fit.</summary>
    private const int MaxFunctionArguments = 100;

    private static long _registeredFunctions;

    private static (long Rows, bool IsEstimate)? CountRows(IDataDialect dialect, DbConnection connection, DbTransaction? transaction, TransformPlan plan)
    {
        try
        {
            return dialect.CountRows(connection, transaction, plan.Table, plan.Expression.Filter);
        }
        catch (DbException e)
        {
            throw TransformFailures.Unreadable(plan, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Migration}: {Transform}: {Rows} rows in {Batches} batches, {Elapsed}")]
    private partial void LogTransformed(MigrationIdentity migration, TransformExpression transform, long rows, int batches, TimeSpan elapsed);
}
