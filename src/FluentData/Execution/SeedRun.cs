using System.Data.Common;
using System.Globalization;
using FluentData.Dialects;
using FluentData.Expressions;

namespace FluentData.Execution;

/// <summary>
/// One seed's rows read and applied to its table, by the cheapest way that is exact. An unchanged
/// seed (a rerun) is compared with the table, read while the seed's rows are; an empty table takes
/// every row with the bulk insert of copies, each chunk written as soon as it is checked, all or
/// nothing; otherwise the rows are staged in a temporary table and the database compares and
/// writes them range by range with its own upsert, keeping what a reversed seed's <c>Down()</c>
/// needs on the way. The stage's comparisons are the database's: a key matches as the key's
/// unique index matches it, a value differs by what is stored.
/// </summary>
internal sealed partial class SeedRun(SeedExpression seed, IDataDialect dialect, DbConnection connection, DbTransaction? transaction, TimeSpan? timeout, TableSchema table, IReadOnlyList<ColumnSchema> key, IReadOnlyList<string?> collations)
{
    private const int OtherKeysShown = 5;

    private readonly BatchTransactions _transactions = new(connection, transaction, null);
    private SeedRows _rows = null!;

    /// <summary>The seed's rows, once read.</summary>
    public SeedRows Rows => _rows;

    /// <summary>The table seeded, as read before the seed.</summary>
    public TableSchema Table => table;

    public SeedOutcome Apply()
    {
        if (seed.Reversal == ReversalKind.Checked)
        {
            Load();
            return Staged(Reversed());
        }

        var held = dialect.CountRows(connection, transaction, table, null);
        if (held is { Rows: 0, IsEstimate: false })
            return InsertAll() ?? Staged(Tables());
        if (held is { Rows: <= SmallTable })
        {
            var compared = Compare();
            return compared.Outcome ?? (compared.Differing is { } differing
                ? Staged(Tables(), differing, (compared.Others, compared.OtherKeys))
                : Staged(Tables()));
        }

        Load();
        return Staged(Tables());
    }

    /// <summary>What the seed would do, decided by the database from the staged rows; nothing of the table is written.</summary>
    public SeedOutcome Classify()
    {
        Load();
        var tables = Tables();
        return WithStage(tables, null, () =>
        {
            var counts = Counts(transaction, dialect.BuildSeedClassify(tables), null, null);
            var (others, keys) = Others(tables);
            return new SeedOutcome(counts[0], counts[1], _rows.Count - counts[0] - counts[1], others, 0, keys, "planned");
        });
    }

    /// <summary>Up to this many rows, a table is read whole and compared with the seed here, before anything is staged.</summary>
    private const long SmallTable = 1_000_000;

    private void Load(Action<SeedRows>? started = null, Action<int, int>? filled = null) =>
        _rows = SeedRows.Load(seed, dialect, table, key, connection, transaction, dialect.DefaultBatchSize, started, filled);

    private SeedTables Tables() => new(table, dialect.SeedStage, _rows.Columns, key, collations);

    /// <summary>
    /// Stages the rows (or only <paramref name="only"/>, the rows a comparison found different,
    /// with the others it counted) and upserts them range by range.
    /// </summary>
    private SeedOutcome Staged(SeedTables tables, List<int>? only = null, (long Count, IReadOnlyList<string> Keys)? counted = null) => WithStage(tables, only, () =>
    {
        var (inserted, updated) = (0L, 0L);
        var batch = seed.BatchSize ?? dialect.DefaultServerSideBatchSize;
        var upsert = dialect.BuildSeedUpsert(tables);
        // A reversed seed holds other writers off while it keeps a batch's rows and writes them: a row
        // another session inserted in between would be kept as one the seed inserted.
        IReadOnlyList<string> capture = tables.Undo is null ? [] : [.. dialect.BuildHoldWrites(table.Name) is { } hold ? [hold] : Array.Empty<string>(), .. dialect.BuildSeedUndoCapture(tables)];
        for (var start = 0; start < _rows.Count; start += batch)
        {
            var (after, upto) = (start - 1L, Math.Min(start + batch, _rows.Count) - 1L);
            Writing(after, upto, () => _transactions.RetryingConflicts(dialect, () => _transactions.Write(tx =>
            {
                var (i, u) = (0L, 0L);
                foreach (var sql in capture)
                    Counts(tx, sql, after, upto);
                foreach (var (sql, counts) in upsert.Statements)
                {
                    var result = Counts(tx, sql, after, upto);
                    switch (counts)
                    {
                        case SeedUpsertCount.InsertedThenUpdated:
                            (i, u) = (result[0], result[1]);
                            break;
                        case SeedUpsertCount.Inserted:
                            i = result[0];
                            break;
                        default:
                            u = result[0];
                            break;
                    }
                }

                (inserted, updated) = (inserted + i, updated + u);
            }, [], new TransformTally(0))));
        }

        var (others, keys) = counted ?? Others(tables);
        var deleted = seed.DeleteOthers && others > 0 ? DeleteOthers(tables) : 0;
        return new SeedOutcome(inserted, updated, _rows.Count - inserted - updated, others, deleted, keys,
            only is null ? "staged and upserted" : $"compared with the table; {only.Count} rows staged and upserted");
    });

    /// <summary>Stages the rows, refuses keys the table's unique index would take for one, runs <paramref name="work"/>, drops the stage.</summary>
    private SeedOutcome WithStage(SeedTables tables, List<int>? only, Func<SeedOutcome> work)
    {
        Execute(dialect.BuildDropTable(tables.Stage));
        Execute(dialect.BuildCreateLike(tables.Stage, table, _rows.Columns, (SeedTables.RowColumn, "bigint")));
        try
        {
            Stage(tables, only);
            RefuseDuplicates(tables);
            return work();
        }
        finally
        {
            // In a transaction the database aborted, the rollback drops it.
            try
            {
                Execute(dialect.BuildDropTable(tables.Stage));
            }
            catch (DbException)
            {
            }
        }
    }

    private (long Count, IReadOnlyList<string> Keys) Others(SeedTables tables)
    {
        var count = Counts(transaction, dialect.BuildCount(table, dialect.SeedOthers(tables)), null, null)[0];
        var keys = new List<string>();
        if (count == 0)
            return (0, keys);
        using var command = Commands.Create(connection, transaction, dialect.BuildSeedOtherKeys(tables), timeout, ("@limit", OtherKeysShown));
        using var reader = command.ExecuteReader();
        while (reader.Read())
            keys.Add(Describe(Enumerable.Range(0, key.Count).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i))));
        return (count, keys);
    }

    private long DeleteOthers(SeedTables tables)
    {
        var deleted = 0L;
        var statements = dialect.BuildSeedDeleteOthers(tables, Kept);
        var hold = tables.UndoDeleted is not null ? dialect.BuildHoldWrites(table.Name) : null;
        Writing(null, null, () => _transactions.RetryingConflicts(dialect, () => _transactions.Write(tx =>
        {
            if (hold is not null)
                Counts(tx, hold, null, null);
            var counts = statements.Select(sql => Counts(tx, sql, null, null)[0]).ToList();
            if (counts.Distinct().Count() > 1)
                throw new DataMigrationException($"Seed of {seed.Target} in {seed.Migration} kept {counts[0]} rows for Down() but deleted {counts[^1]}; a trigger that adds or removes rows does this. The deletion was rolled back.")
                {
                    Migration = seed.Migration,
                    Table = seed.TableName,
                };
            deleted = counts[^1];
        }, [], new TransformTally(0))));
        return deleted;
    }

    /// <summary>Runs a write; a refusal by the database is named with the seed rows it wrote.</summary>
    private void Writing(long? after, long? upto, Action write)
    {
        try
        {
            write();
        }
        catch (DbException e)
        {
            var which = after is null
                ? "deleting the rows it does not name"
                : $"writing the rows from {_rows.Where(_rows.LineOf((int)after + 1))} to {_rows.Where(_rows.LineOf((int)upto!))}";
            var left = _transactions.Online
                ? "Batches before this one were committed (the migration runs without a transaction); this batch was not."
                : "The migration's transaction is rolled back: nothing of the seed is written.";
            throw new DataMigrationException($"Seed of {seed.Target} in {seed.Migration} failed {which}: the {dialect.Name} database refused it: {e.Message.TrimEnd('.')}. {left}", e)
            {
                Migration = seed.Migration,
                Table = seed.TableName,
            };
        }
    }

    private void Execute(string sql)
    {
        using var command = Commands.Create(connection, transaction, sql, timeout);
        command.ExecuteNonQuery();
    }

    /// <summary>What a statement counted: the values of the row it returns, or else the rows it changed.</summary>
    private List<long> Counts(DbTransaction? tx, string sql, long? after, long? upto)
    {
        using var command = after is null
            ? Commands.Create(connection, tx, sql, timeout)
            : Commands.Create(connection, tx, sql, timeout, ("@after", after), ("@upto", upto));
        return Commands.Counts(command);
    }

    private static string Describe(IEnumerable<object?> key) => $"({string.Join(", ", key.Select(v => v is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : v?.ToString() ?? "NULL"))})";
}
