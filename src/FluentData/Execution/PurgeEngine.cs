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
        var archive = purge.ArchiveTable is { } archived
            ? CheckArchive(purge, dialect, connection, transaction, timeout, table, new TableName(purge.SchemaName, archived), fresh: !transactions.Started(table))
            : (TableName?)null;
        var expected = Reading(purge, dialect, () => dialect.CountRows(connection, transaction, table, purge.Filter));
        var total = new TransformTally(0) { Read = transactions.Resumed.Read, Changed = transactions.Resumed.Read };
        // The rows an interrupted run deleted are gone from the count: the rows expected are those and the rows left.
        var progress = new ProgressReporter(purge.Migration, purge.TableName, [], purge, expected?.Rows + total.Read, expected?.IsEstimate ?? false, total.Read, options?.Value.Progress, logger);
        var cancellation = control?.Cancellation ?? CancellationToken.None;
        var batchSize = purge.BatchSize ?? dialect.DefaultBatchSize;

        var after = transactions.ResumeAfter(table);
        var ranges = new KeyRanges(dialect, table, batchSize, null,
            (sql, from, more) => Reading(purge, dialect, () => KeyParts.ReadFirst(connection, transaction, timeout, sql, from, more)));
        var batches = 0;
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            var (upto, last) = ranges.Next(after);
            if (upto is null)
                break;

            var tally = new TransformTally(0);
            var statements = archive is { } into
                ? dialect.BuildRangeArchive(table, into, table.Columns, purge.Filter, after is not null)
                : [dialect.BuildRangeDelete(table, purge.Filter, after is not null)];
            Delete(purge, dialect, table, connection, transactions, timeout, statements, after, upto, tally);
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

    /// <summary>
    /// Deletes (or moves) one key range; online, commits it with its checkpoint. A batch the
    /// database aborts because of another session is tried again online. Moved in two statements,
    /// the rows inserted must be the rows deleted, or the batch is rolled back.
    /// </summary>
    private static void Delete(
        PurgeExpression purge, IDataDialect dialect, TableSchema table, DbConnection connection, BatchTransactions transactions, TimeSpan? timeout,
        IReadOnlyList<string> statements, object?[]? after, object?[] upto, TransformTally tally)
    {
        try
        {
            transactions.RetryingConflicts(dialect, () => transactions.Write(tx =>
            {
                var counts = statements.SelectMany(sql => Counts(connection, tx, timeout, sql, after, upto)).ToList();
                if (counts.Distinct().Count() > 1)
                {
                    throw new DataMigrationException(
                        $"Purge of {purge.Target} in {purge.Migration} copied {counts[0]} rows of a batch into '{purge.ArchiveTable}' but deleted {counts[^1]}; " +
                        "the batch was rolled back. A trigger on either table that adds or removes rows does this.")
                    {
                        Migration = purge.Migration,
                        Table = purge.TableName,
                    };
                }

                tally.Read = tally.Changed = (int)counts[^1];
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
                : $"the {dialect.Name} database refused it";
            var hint = dialect.IsConflict(e) ? "" : " A foreign key that references these rows, a trigger, a permission or a lock timeout does this" +
                (purge.Filter is null ? "." : $"; so does a Where(\"{purge.Filter}\") the database cannot run, since it is run as written, in the database's SQL.");
            throw new DataMigrationException($"Purge of {purge.Target} in {purge.Migration} failed on {range}: {why}: {e.Message.TrimEnd('.')}.{hint} {left}", e)
            {
                Migration = purge.Migration,
                Table = purge.TableName,
            };
        }
    }

    /// <summary>
    /// The archive exists and has a column for each of the table's, which it can take; when the
    /// generated <c>Down()</c> moves the rows back, it also has their types, and is empty when the
    /// purge starts, so that every row in it afterwards is one this purge moved.
    /// </summary>
    private static TableName CheckArchive(
        PurgeExpression purge, IDataDialect dialect, DbConnection connection, DbTransaction? transaction, TimeSpan? timeout, TableSchema table, TableName name, bool fresh)
    {
        DataMigrationException Refuse(string why) => new TableSchemaException($"Purge of {purge.Target} in {purge.Migration} moves its rows to {name}, {why}. Nothing was changed.")
        {
            Migration = purge.Migration,
            Table = purge.TableName,
        };

        var archive = dialect.ReadSchema(connection, transaction, name) ?? throw Refuse("which does not exist; create it earlier in the migration, with the table's columns");
        if (table.Columns.Where(c => archive.Find(c.Name) is null).Select(c => c.Name).ToList() is [_, ..] missing)
            throw Refuse($"which has no column {string.Join(", ", missing.Select(c => $"'{c}'"))}; it needs every column of the table");
        if (table.Columns.Select(c => archive.Find(c.Name)!).FirstOrDefault(c => c.IsGenerated) is { } generated)
            throw Refuse($"whose column '{generated.Name}' the database generates itself and will not let anyone write");
        if (purge.Reversal != ReversalKind.Checked)
            return name;

        if (archive.KeyColumns.Count == 0)
            throw Refuse("which has no primary key; the generated Down() moves the rows back in batches by key, so give it the table's");
        if (table.Columns.FirstOrDefault(c => c.IsGenerated) is { } own)
            throw Refuse($"and the generated Down() would move them back into '{own.Name}', which the database generates itself");
        if (table.Columns.FirstOrDefault(c => !string.Equals(archive.Find(c.Name)!.SqlType, c.SqlType, StringComparison.OrdinalIgnoreCase)) is { } differs)
        {
            throw Refuse($"whose column '{differs.Name}' is {archive.Find(differs.Name)!.SqlType} where the table's is {differs.SqlType}; " +
                "the generated Down() moves the rows back, so every value must come back exactly: give the archive the table's types");
        }

        if (fresh && Reading(purge, dialect, () => Exact(connection, transaction, timeout, dialect.BuildCount(archive, null))) is > 0 and var held)
            throw Refuse($"which already holds {held} rows; the generated Down() moves every row of it back, so it must be empty when Up() starts");
        return name;
    }

    /// <summary>What a statement of a batch counted: the values of the row it returns, or else the rows it changed.</summary>
    private static List<long> Counts(DbConnection connection, DbTransaction? tx, TimeSpan? timeout, string sql, object?[]? after, object?[] upto)
    {
        using var command = Commands.Create(connection, tx, sql, timeout, [.. Commands.Key("after", after), .. Commands.Key("upto", upto)]);
        return Commands.Counts(command);
    }

    private static long Exact(DbConnection connection, DbTransaction? transaction, TimeSpan? timeout, string sql)
    {
        using var command = Commands.Create(connection, transaction, sql, timeout);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Runs a read of the table; a failure (a Where the database cannot run) is named with the purge.</summary>
    private static T Reading<T>(PurgeExpression purge, IDataDialect dialect, Func<T> read) => SqlText.Reading(purge.Filter, read, (why, e) =>
        new DataMigrationException($"Purge of {purge.Target} in {purge.Migration} could not read the table in the {dialect.Name} database: {why} No batch was running; batches an online run committed before stay deleted.", e)
        {
            Migration = purge.Migration,
            Table = purge.TableName,
        });

    [LoggerMessage(Level = LogLevel.Information, Message = "{Migration}: {Purge}: {Rows} rows deleted in {Batches} batches, {Elapsed}")]
    private partial void LogPurged(MigrationIdentity migration, PurgeExpression purge, long rows, int batches, TimeSpan elapsed);
}
