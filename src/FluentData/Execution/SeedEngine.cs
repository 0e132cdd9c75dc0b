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
/// Runs a seed: checks the table and its key, reads and checks every row of the seed before
/// anything is written (<see cref="SeedRows"/>) and applies them (<see cref="SeedRun"/>). In the
/// migration's transaction when there is one (atomic); otherwise each batch commits on its own —
/// a seed is idempotent, so a rerun after a crash simply seeds again and writes only what is left.
/// </summary>
internal sealed partial class SeedEngine(IEnumerable<IDataDialect> dialects, ILogger<SeedEngine> logger, RunJournal? journal = null, RunControl? control = null)
{
    private readonly IDataDialect[] _dialects = dialects.ToArray();

    /// <summary>The engine used when a migration runs outside <c>AddDataMigrations</c>: SQLite only.</summary>
    public static SeedEngine Default { get; } = new([new SqliteDialect()], NullLogger<SeedEngine>.Instance);

    public void Run(SeedExpression seed, DbConnection connection, DbTransaction? transaction, TimeSpan? timeout)
    {
        var clock = Stopwatch.StartNew();
        var run = Prepare(seed, connection, transaction, timeout, out var dialect);
        var outcome = run.Apply();
        var rows = run.Rows;

        // Not in a dry run: a sequence does not roll back with the transaction.
        if (outcome.Inserted > 0 && control?.DryRun != true)
        {
            foreach (var (column, sequence, value) in dialect.AdvanceSequences(connection, transaction, run.Table, rows.Columns))
                LogSequenceAdvanced(seed.Migration, seed, column, sequence, value);
        }

        var result = new SeedResult(seed.Migration, seed.TableName, seed.Source, rows.Count, outcome.Inserted, outcome.Updated, outcome.Unchanged, outcome.Others, outcome.Deleted, clock.Elapsed);
        journal?.Seeded(result);
        LogSeeded(seed.Migration, seed, outcome.Inserted, outcome.Updated, outcome.Unchanged, outcome.How, clock.Elapsed);
        if (outcome.Others > 0 && logger.IsEnabled(LogLevel.Information))
        {
            var keys = string.Join(", ", outcome.OtherKeys) + (outcome.Others > outcome.OtherKeys.Count ? ", …" : "");
            if (outcome.Deleted == 0)
                LogOthers(seed.Migration, seed, outcome.Others, keys);
            else
                LogDeleted(seed.Migration, seed, outcome.Deleted, keys);
        }
    }

    /// <summary>What the seed would do to the table as it is now, without writing to it: for a plan.</summary>
    public (long Rows, SeedOutcome Outcome) Preview(SeedExpression seed, DbConnection connection, DbTransaction? transaction)
    {
        var run = Prepare(seed, connection, transaction, null, out _);
        var outcome = run.Classify();
        return (run.Rows.Count, outcome);
    }

    /// <summary>
    /// A reversed seed's <c>Down()</c>: from the tables <c>Up()</c> kept, the rows it inserted are
    /// deleted, those it updated or deleted given back their values; then the kept tables are dropped.
    /// </summary>
    public void Undo(SeedExpression seed, string undoTable, DbConnection connection, DbTransaction? transaction, TimeSpan? timeout)
    {
        var clock = Stopwatch.StartNew();
        var dialect = _dialects.For(connection, $"Down() of the seed of {seed.Target} in {seed.Migration}", seed.Migration, seed.TableName);
        var (table, key) = Table(seed, dialect, connection, transaction);
        var undo = new TableName(seed.SchemaName, undoTable);
        var deletedName = new TableName(seed.SchemaName, undoTable + "_deleted");
        var kept = dialect.ReadSchema(connection, transaction, undo)
            ?? throw new DataMigrationException(
                $"Down() of the seed of {seed.Target} in {seed.Migration} restores the rows from {undo}, which Up() kept, but it does not exist. Nothing was changed. " +
                "Restore the table's rows by hand, then remove the migration's version from the version table.")
            {
                Migration = seed.Migration,
                Table = seed.TableName,
            };
        var deleted = dialect.ReadSchema(connection, transaction, deletedName);
        IReadOnlyList<ColumnSchema> Columns(TableSchema from) => [.. from.Columns.Skip(1).Select(c => table.Find(c.Name) ?? throw new TableSchemaException(
            $"Down() of the seed of {seed.Target} in {seed.Migration} restores column '{c.Name}', which table {table.Name} no longer has. Nothing was changed.")
        {
            Migration = seed.Migration,
            Table = seed.TableName,
            Column = c.Name,
        })];

        var tables = new SeedTables(table, dialect.SeedStage, [], key, dialect.UniqueKey(connection, transaction, table, key) ?? new string?[key.Count])
        {
            Undo = undo,
            UndoDeleted = deleted?.Name,
        };
        var statements = dialect.BuildSeedRestore(tables, Columns(kept), deleted is null ? null : Columns(deleted));
        var counts = new long[3];
        try
        {
            Restore(connection, transaction, timeout, dialect, statements, [undo, deletedName], counts);
        }
        catch (DbException e)
        {
            throw new DataMigrationException(
                $"Down() of the seed of {seed.Target} in {seed.Migration} could not restore the table from {undo}: the {dialect.Name} database refused it: {e.Message.TrimEnd('.')}. " +
                "A row inserted since Up() with the key of a row the seed deleted, or a row of another table referencing a row the seed inserted, does this. " +
                "Nothing was changed; remove the conflict and run Down() again.", e)
            {
                Migration = seed.Migration,
                Table = seed.TableName,
            };
        }

        journal?.Seeded(new SeedResult(seed.Migration, seed.TableName, $"undo of {seed.Source}", counts.Sum(), counts[2], counts[1], 0, 0, counts[0], clock.Elapsed));
        LogUndone(seed.Migration, seed, counts[0], counts[1], counts[2], clock.Elapsed);
    }

    /// <summary>Runs the restoring statements and drops the tables Up() kept, in one transaction: all or nothing.</summary>
    private static void Restore(DbConnection connection, DbTransaction? transaction, TimeSpan? timeout, IDataDialect dialect, IReadOnlyList<string> statements, TableName[] kept, long[] counts) =>
        new BatchTransactions(connection, transaction, null).Write(tx =>
        {
            for (var i = 0; i < statements.Count; i++)
            {
                using var command = Commands.Create(connection, tx, statements[i], timeout);
                counts[i] = command.ExecuteNonQuery();
            }

            foreach (var drop in kept)
            {
                using var command = Commands.Create(connection, tx, dialect.BuildDropTable(drop), timeout);
                command.ExecuteNonQuery();
            }
        }, [], new TransformTally(0));

    private SeedRun Prepare(SeedExpression seed, DbConnection connection, DbTransaction? transaction, TimeSpan? timeout, out IDataDialect dialect)
    {
        dialect = _dialects.For(connection, $"Seed of {seed.Target} in {seed.Migration}", seed.Migration, seed.TableName);
        var (table, key) = Table(seed, dialect, connection, transaction);
        var collations = dialect.UniqueKey(connection, transaction, table, key)
            ?? throw new TableSchemaException(
                $"Seed of {seed.Target} in {seed.Migration} matches rows by ({string.Join(", ", key.Select(k => k.Name))}), but table {seed.Target} has no primary key " +
                "or unique index on exactly these columns (without a filter, not deferred), which the database's upsert needs to find each row. Nothing was changed. " +
                $"Add one (Create.UniqueConstraint().OnTable(\"{seed.TableName}\").Columns({string.Join(", ", key.Select(k => $"\"{k.Name}\""))})), or seed by the table's key.")
            {
                Migration = seed.Migration,
                Table = seed.TableName,
            };
        return new SeedRun(seed, dialect, connection, transaction, timeout, table, key, collations);
    }

    /// <summary>The table and its key columns as the seed names them.</summary>
    private static (TableSchema Table, IReadOnlyList<ColumnSchema> Key) Table(SeedExpression seed, IDataDialect dialect, DbConnection connection, DbTransaction? transaction)
    {
        // A seed matches rows by its own key, so the table needs none of its own to be read by.
        var table = KeyedTables.Read(dialect, connection, transaction, new TableName(seed.SchemaName, seed.TableName), "Seed", seed.Migration, requireKey: false);
        var key = seed.KeyColumns.Select(k => table.Find(k) ?? throw new TableSchemaException(
            $"Seed of {seed.Target} in {seed.Migration} matches rows by column '{k}', which table {table.Name} does not have. " +
            $"Its columns are: {string.Join(", ", table.Columns.Select(c => c.Name))}. Nothing was changed.")
        {
            Migration = seed.Migration,
            Table = seed.TableName,
            Column = k,
        }).ToList();
        return (table, key);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Migration}: {Seed}: {Inserted} rows inserted, {Updated} updated, {Unchanged} unchanged ({How}), {Elapsed}")]
    private partial void LogSeeded(MigrationIdentity migration, SeedExpression seed, long inserted, long updated, long unchanged, string how, TimeSpan elapsed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Migration}: {Seed}: {Others} rows of the table are not in the seed and were kept: {Keys}; .DeleteOthers() deletes them")]
    private partial void LogOthers(MigrationIdentity migration, SeedExpression seed, long others, string keys);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Migration}: {Seed}: {Deleted} rows not in the seed deleted: {Keys}")]
    private partial void LogDeleted(MigrationIdentity migration, SeedExpression seed, long deleted, string keys);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Migration}: {Seed}: the seed wrote values into '{Column}', whose default takes the next value of {Sequence}; the sequence now stands at {Value}, the largest of them")]
    private partial void LogSequenceAdvanced(MigrationIdentity migration, SeedExpression seed, string column, string sequence, long value);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Migration}: undo of {Seed}: {Deleted} rows it inserted deleted, {Restored} restored, {Reinserted} it deleted inserted again, {Elapsed}")]
    private partial void LogUndone(MigrationIdentity migration, SeedExpression seed, long deleted, long restored, long reinserted, TimeSpan elapsed);
}
