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

    public void Run(TransformExpression expression, IDbConnection connection, IDbTransaction? transaction, TimeSpan? commandTimeout)
    {
        var dialect = _dialects.FirstOrDefault(d => d.CanHandle(connection))
            ?? throw new DataMigrationException(
                $"Transform on {expression.Target} in {expression.Migration} runs on a {connection.GetType().Name}, which no registered FluentData dialect handles. " +
                "Register the database with services.AddDataMigrations(o => o.UsePostgres(...)) or o.UseSqlServer(...).")
            {
                Migration = expression.Migration,
                Table = expression.TableName,
            };

        var db = (DbConnection)connection;
        var tx = (DbTransaction?)transaction;
        var plan = TransformPlan.Create(expression, dialect, db, tx);
        var expected = CountRows(dialect, db, tx, plan);
        var resumed = transaction is null ? expression.Checkpoint?.RowsDone ?? 0 : 0;
        var progress = new ProgressReporter(expression, expected?.Rows, expected?.IsEstimate ?? false, resumed, options?.Value.Progress, logger);
        var settings = new TransformRunSettings(commandTimeout, control?.Cancellation ?? CancellationToken.None);

        var (rows, batches) = new TransformBatches(plan, db, tx, settings).Run(progress);

        var final = progress.Report(rows, completed: true);
        journal?.Transformed(new TransformResult(expression.Migration, expression.TableName, expression.Columns.ToArray(), rows, batches, final.Elapsed));
        LogTransformed(expression.Migration, expression, rows, batches, final.Elapsed);
    }

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
