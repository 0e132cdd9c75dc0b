using System.Data;
using System.Data.Common;
using System.Diagnostics;
using FluentData.Dialects;
using FluentData.Dialects.Sqlite;
using FluentData.Expressions;
using FluentData.Runner;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FluentData.Execution;

/// <summary>
/// Runs a transform: checks it against the schema, reads the table by keyset in batches, calls
/// the user's function per row, checks each value against its column and writes each batch back
/// through the dialect. In the migration's transaction when there is one (atomic); otherwise
/// each batch commits on its own (online).
/// </summary>
internal sealed partial class TransformEngine(IEnumerable<IDataDialect> dialects, ILogger<TransformEngine> logger, RunJournal? journal = null)
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

        var stopwatch = Stopwatch.StartNew();
        var db = (DbConnection)connection;
        var tx = (DbTransaction?)transaction;
        var plan = TransformPlan.Create(expression, dialect, db, tx);
        var (rows, batches) = new TransformBatches(plan, db, tx, commandTimeout).Run();

        var result = new TransformResult(expression.Migration, expression.TableName, expression.Columns.ToArray(), rows, batches, stopwatch.Elapsed);
        journal?.Transformed(result);
        LogTransformed(expression.Migration, expression, rows, batches, result.Elapsed);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Migration}: {Transform}: {Rows} rows in {Batches} batches, {Elapsed}")]
    private partial void LogTransformed(MigrationIdentity migration, TransformExpression transform, long rows, int batches, TimeSpan elapsed);
}
