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
/// Runs a copy: checks both tables, then inserts target rows for the source rows the filter
/// selects, a batch of source keys at a time — with SQL columns as one <c>INSERT ... SELECT</c>
/// per key range (<see cref="KeyRanges"/>), nothing travelling but keys; with a C# mapping by
/// reading a batch in key order, calling the mapping per row and inserting what it produced with
/// the database's bulk path. In the migration's transaction when there is one (atomic);
/// otherwise each batch commits with its checkpoint (online), so a rerun after a crash continues
/// after the last batch committed: no source row is copied twice and none is missed.
/// </summary>
internal sealed partial class CopyEngine(
    IEnumerable<IDataDialect> dialects,
    ILogger<CopyEngine> logger,
    RunJournal? journal = null,
    RunControl? control = null,
    IOptions<DataMigrationOptions>? options = null)
{
    private readonly IDataDialect[] _dialects = dialects.ToArray();

    /// <summary>The engine used when a migration runs outside <c>AddDataMigrations</c>: SQLite only.</summary>
    public static CopyEngine Default { get; } = new([new SqliteDialect()], NullLogger<CopyEngine>.Instance);

    public void Run(CopyExpression copy, DbConnection connection, DbTransaction? transaction, TimeSpan? timeout)
    {
        var clock = Stopwatch.StartNew();
        var dialect = _dialects.For(connection, $"Copy from {copy.Tables} in {copy.Migration}", copy.Migration, copy.TableName);
        var source = KeyedTables.Read(dialect, connection, transaction, new TableName(copy.SchemaName, copy.TableName), "Copy", copy.Migration);
        var targetName = new TableName(copy.SchemaName, copy.TargetTable);
        var target = dialect.ReadSchema(connection, transaction, targetName)
            ?? throw new TableSchemaException(
                $"Copy from {copy.Tables} in {copy.Migration} inserts into table {targetName}, which does not exist in the {dialect.Name} database. " +
                $"{dialect.SuggestTable(connection, transaction, targetName) ?? "Check the name, or create the table earlier in the migration."} Nothing was changed.")
            {
                Migration = copy.Migration,
                Table = copy.TargetTable,
            };
        var run = new CopyRun(copy, dialect, connection, transaction, timeout, source, target, new BatchTransactions(connection, transaction, copy.Checkpoint));
        var expected = run.Reading(() => dialect.CountRows(connection, transaction, source, copy.Filter));
        var resumed = run.Transactions.Resumed;
        var total = new TransformTally(0) { Read = resumed.Read, Changed = resumed.Changed };
        var columns = copy.SqlColumns?.Select(c => c.Target).ToArray() ?? [];
        var progress = new ProgressReporter(copy.Migration, copy.TableName, columns, copy, expected?.Rows, expected?.IsEstimate ?? false, resumed.Read, options?.Value.Progress, logger);
        var cancellation = control?.Cancellation ?? CancellationToken.None;

        var batches = copy.SqlColumns is { } sql
            ? run.InDatabase(sql, copy.BatchSize ?? dialect.DefaultServerSideBatchSize, total, progress, cancellation)
            : run.ThroughMapping(copy.RowFunction!, copy.BatchSize ?? dialect.DefaultBatchSize, total, progress, cancellation);

        // Not in a dry run: a sequence does not roll back with the transaction.
        if (total.Changed > 0 && control?.DryRun != true)
            AdvanceSequences(copy, dialect, connection, transaction, target, run.Written);

        progress.Report(total, completed: true);
        journal?.Copied(new CopyResult(copy.Migration, copy.TableName, copy.TargetTable, copy.Filter, total.Read, total.Changed, batches, clock.Elapsed));
        LogCopied(copy.Migration, copy, total.Read, total.Changed, batches, clock.Elapsed);
    }

    /// <summary>
    /// Moves the sequences of the columns the copy wrote past the values it wrote. A run that
    /// resumed a finished copy wrote nothing itself: every integer column of the target is looked at.
    /// </summary>
    private void AdvanceSequences(CopyExpression copy, IDataDialect dialect, DbConnection connection, DbTransaction? transaction, TableSchema target, IReadOnlyList<ColumnSchema> written)
    {
        var columns = written.Count > 0 ? written : target.Columns.Where(c => c.Kind == ValueKind.Integer && !c.IsGenerated).ToList();
        try
        {
            foreach (var (column, sequence, value) in dialect.AdvanceSequences(connection, transaction, target, columns))
                LogSequenceAdvanced(copy.Migration, copy, column, sequence, value);
        }
        catch (DbException e)
        {
            throw new DataMigrationException(
                $"Copy from {copy.Tables} in {copy.Migration} copied its rows but could not move the sequence of a column it wrote past the values it wrote: " +
                $"{e.Message.TrimEnd('.')}. Without it the application's next insert into '{copy.TargetTable}' may take a number a copied row holds; " +
                "give the sequence room (ALTER SEQUENCE ... MAXVALUE) and run the migration again.", e)
            {
                Migration = copy.Migration,
                Table = copy.TargetTable,
            };
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Migration}: {Copy}: the copy wrote values into '{Column}', whose default takes the next value of {Sequence}; the sequence now stands at {Value}, the largest of them, so new rows do not collide with copied ones")]
    private partial void LogSequenceAdvanced(MigrationIdentity migration, CopyExpression copy, string column, string sequence, long value);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Migration}: {Copy}: {RowsRead} rows read, {RowsInserted} inserted in {Batches} batches, {Elapsed}")]
    private partial void LogCopied(MigrationIdentity migration, CopyExpression copy, long rowsRead, long rowsInserted, int batches, TimeSpan elapsed);
}
