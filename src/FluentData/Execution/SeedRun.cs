using System.Data.Common;
using System.Globalization;
using FluentData.Dialects;
using FluentData.Expressions;

namespace FluentData.Execution;

/// <summary>
/// One seed's rows applied to its table, by the cheapest way that is exact. An unchanged seed
/// (a rerun) is compared with the table as read and writes nothing; an empty table takes every
/// row with the bulk insert of copies; otherwise the rows are staged in a temporary table and the
/// database compares and writes them range by range with its own upsert, keeping what a reversed
/// seed's <c>Down()</c> needs on the way. The stage's comparisons are the database's: a key
/// matches as the key's unique index matches it, a value differs by what is stored.
/// </summary>
internal sealed class SeedRun(SeedExpression seed, IDataDialect dialect, DbConnection connection, DbTransaction? transaction, TimeSpan? timeout, TableSchema table, SeedRows rows, IReadOnlyList<ColumnSchema> key, IReadOnlyList<string?> collations)
{
    private const int OtherKeysShown = 5;

    private readonly BatchTransactions _transactions = new(connection, transaction, null);

    public SeedOutcome Apply()
    {
        if (seed.Reversal == ReversalKind.Checked)
            return Staged(Reversed());

        var held = dialect.CountRows(connection, transaction, table, null);
        if (held is { Rows: 0, IsEstimate: false } && InsertAll() is { } inserted)
            return inserted;
        if (held is { } count && count.Rows <= (2L * rows.Count) + 1_000 && Unchanged() is { } unchanged)
            return unchanged;
        return Staged(Tables());
    }

    /// <summary>What the seed would do, decided by the database from the staged rows; nothing of the table is written.</summary>
    public SeedOutcome Classify()
    {
        var tables = Tables();
        return WithStage(tables, () =>
        {
            var counts = Counts(transaction, dialect.BuildSeedClassify(tables), null, null);
            var (others, keys) = Others(tables);
            return new SeedOutcome(counts[0], counts[1], rows.Count - counts[0] - counts[1], others, 0, keys, "planned");
        });
    }

    private SeedTables Tables() => new(table, dialect.SeedStage, rows.Columns, key, collations);

    /// <summary>
    /// Every row into an empty table with the bulk insert, all or nothing (a savepoint in the
    /// migration's transaction). A key the table's unique index finds twice, or a row another
    /// session inserted meanwhile, makes it fail: then the staged path names the rows, or upserts.
    /// </summary>
    private SeedOutcome? InsertAll()
    {
        const string savepoint = "fluentdata_seed";
        using var own = _transactions.Online ? connection.BeginTransaction() : null;
        var tx = own ?? transaction!;
        var saved = own is null && tx.SupportsSavepoints;
        if (own is null && !saved)
            return null;
        try
        {
            if (saved)
                tx.Save(savepoint);
            using var inserter = dialect.CreateInserter(table, rows.Columns);
            var inserted = 0L;
            for (var start = 0; start < rows.Count; start += dialect.DefaultBatchSize)
            {
                var count = Math.Min(dialect.DefaultBatchSize, rows.Count - start);
                inserted += inserter.Insert(connection, tx, rows.Slice(start, count, withLines: false), count);
            }

            if (inserted != rows.Count)
                throw new InvalidOperationException($"inserted {inserted} rows of {rows.Count}");
            if (saved)
                tx.Release(savepoint);
            own?.Commit();
            return new SeedOutcome(inserted, 0, 0, 0, 0, [], "inserted into the empty table");
        }
        catch (Exception e) when (e is DbException or InvalidOperationException && connection.State == System.Data.ConnectionState.Open)
        {
            if (saved)
                tx.Rollback(savepoint);
            return null;
        }
    }

    /// <summary>
    /// Whether the table already holds every row exactly as the seed gives it, read and compared
    /// here: each value read normalised the way the seed's were, a key found only by exact equality,
    /// so "unchanged" is only ever said of rows that are. Null when anything is to be written.
    /// </summary>
    private SeedOutcome? Unchanged()
    {
        if (rows.Columns.Any(c => c.ReadAsText))
            return null;
        var sql = $"SELECT {string.Join(", ", rows.Columns.Select(c => dialect.Quote(c.Name)))} FROM {dialect.QuoteTable(table.Name)}";
        var (matched, others, keys) = (0L, 0L, new List<string>());
        using (var command = Commands.Create(connection, transaction, sql, timeout))
        using (var reader = command.ExecuteReader())
        {
            var values = new object?[rows.Columns.Count];
            while (reader.Read())
            {
                for (var i = 0; i < values.Length; i++)
                {
                    if (Read(reader, i) is not (true, var value) || dialect.CheckValue(rows.Columns[i], ref value) is not null)
                        return null;
                    values[i] = value;
                }

                if (!rows.RowByKey.TryGetValue([.. rows.KeyPositions.Select(p => values[p])], out var row))
                {
                    if (++others <= OtherKeysShown)
                        keys.Add(Describe(rows.KeyPositions.Select(p => values[p])));
                    continue;
                }

                for (var i = 0; i < values.Length; i++)
                {
                    if (!ExactValues.Same(values[i], rows.Value(i, row)))
                        return null;
                }

                matched++;
            }
        }

        return matched == rows.Count && (others == 0 || !seed.DeleteOthers)
            ? new SeedOutcome(0, 0, matched, others, 0, keys, "compared with the table; nothing to write")
            : null;
    }

    /// <summary>A value as the driver reads it, as a transform would read it; not read when neither can (an array holding NULLs): then the database compares.</summary>
    private (bool Read, object? Value) Read(DbDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
            return (true, null);
        try
        {
            return (true, reader.GetValue(ordinal));
        }
        catch (InvalidCastException)
        {
            try
            {
                return (true, dialect.ReadValue(reader, ordinal, rows.Columns[ordinal]));
            }
            catch (Exception e) when (e is InvalidCastException or DataMigrationException or OverflowException)
            {
                return (false, null);
            }
        }
    }

    private SeedOutcome Staged(SeedTables tables) => WithStage(tables, () =>
    {
        var (inserted, updated) = (0L, 0L);
        var batch = seed.BatchSize ?? dialect.DefaultServerSideBatchSize;
        var upsert = dialect.BuildSeedUpsert(tables);
        var capture = tables.Undo is null ? [] : dialect.BuildSeedUndoCapture(tables);
        for (var start = 0; start < rows.Count; start += batch)
        {
            var (after, upto) = (start - 1L, Math.Min(start + batch, rows.Count) - 1L);
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

        var (others, keys) = Others(tables);
        var deleted = seed.DeleteOthers && others > 0 ? DeleteOthers(tables) : 0;
        return new SeedOutcome(inserted, updated, rows.Count - inserted - updated, others, deleted, keys, "staged and upserted");
    });

    /// <summary>Stages the rows, refuses keys the table's unique index would take for one, runs <paramref name="work"/>, drops the stage.</summary>
    private SeedOutcome WithStage(SeedTables tables, Func<SeedOutcome> work)
    {
        Execute(dialect.BuildDropTable(tables.Stage));
        Execute(dialect.BuildCreateLike(tables.Stage, table, rows.Columns, (SeedTables.RowColumn, "bigint")));
        try
        {
            Stage(tables);
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

    private void Stage(SeedTables tables)
    {
        var number = new ColumnSchema(SeedTables.RowColumn, "bigint", typeof(long), false, null, false) { Kind = ValueKind.Integer };
        ColumnSchema[] columns = [number, .. rows.Columns];
        using var inserter = dialect.CreateInserter(new TableSchema(tables.Stage, columns), columns);
        for (var start = 0; start < rows.Count; start += dialect.DefaultBatchSize)
        {
            var count = Math.Min(dialect.DefaultBatchSize, rows.Count - start);
            var values = rows.Slice(start, count, withLines: false);
            var numbers = new object?[count];
            for (var i = 0; i < count; i++)
                numbers[i] = (long)(start + i);
            inserter.Insert(connection, transaction, [numbers, .. values], count);
        }
    }

    /// <summary>Two rows whose keys differ only as the key's unique index does not tell apart ('de' and 'DE' in a case-insensitive key): the upsert would take one for the other.</summary>
    private void RefuseDuplicates(SeedTables tables)
    {
        using var command = Commands.Create(connection, transaction, dialect.BuildSeedDuplicates(tables), timeout, ("@limit", 1));
        using var reader = command.ExecuteReader();
        if (!reader.Read())
            return;
        var (first, second) = ((int)reader.GetInt64(0), (int)reader.GetInt64(1));
        throw new SeedRowException(
            $"Seed of {seed.Target} in {seed.Migration} failed on {rows.Where(rows.LineOf(second))}: its key " +
            $"{Describe(rows.KeyPositions.Select(p => rows.Value(p, second)))} is the key of {rows.Where(rows.LineOf(first))} " +
            $"{Describe(rows.KeyPositions.Select(p => rows.Value(p, first)))} as the table's unique key on ({string.Join(", ", key.Select(k => k.Name))}) compares them; " +
            "a seed names each row once. Nothing was changed.")
        {
            Migration = seed.Migration,
            Table = seed.TableName,
            SeedSource = seed.Source,
            Line = rows.LineOf(second),
        };
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
        Writing(null, null, () => _transactions.RetryingConflicts(dialect, () => _transactions.Write(tx =>
        {
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

    /// <summary>The columns a reversed seed keeps of a row it deletes: all that can be written back.</summary>
    private List<ColumnSchema> Kept => [.. table.Columns.Where(c => !c.IsGenerated)];

    /// <summary>
    /// The tables a reversed seed keeps what <c>Down()</c> restores in, made now unless an
    /// interrupted online run made them (what they hold then is kept: it is what the table held
    /// before that run). Deleted rows can be given back exactly only without generated columns.
    /// </summary>
    private SeedTables Reversed()
    {
        var undo = new TableName(seed.SchemaName, seed.UndoTable!);
        var deleted = seed.DeleteOthers ? new TableName(seed.SchemaName, seed.UndoTable + "_deleted") : (TableName?)null;
        if (deleted is not null && table.Columns.FirstOrDefault(c => c.IsGenerated) is { } generated)
        {
            throw new DataMigrationException(
                $"Seed of {seed.Target} in {seed.Migration} cannot be reversed exactly: DeleteOthers() deletes rows whose '{generated.Name}' the database generates, " +
                "so the generated Down() could not insert them back as they were. Nothing was changed. Leave out DeleteOthers(), or derive from DataMigration and write Down() yourself.")
            {
                Migration = seed.Migration,
                Table = seed.TableName,
                Column = generated.Name,
            };
        }

        Keep(undo, rows.Columns);
        if (deleted is not null)
            Keep(deleted.Value, Kept);
        return Tables() with { Undo = undo, UndoDeleted = deleted };
    }

    private void Keep(TableName name, IReadOnlyList<ColumnSchema> columns)
    {
        if (dialect.ReadSchema(connection, transaction, name) is not { } existing)
        {
            Execute(dialect.BuildCreateLike(name, table, columns, (SeedTables.ChangeColumn, "varchar(10)")));
            return;
        }

        if (!existing.Columns.Skip(1).Select(c => c.Name).SequenceEqual(columns.Select(c => c.Name)))
        {
            throw new DataMigrationException(
                $"Seed of {seed.Target} in {seed.Migration} keeps what its generated Down() restores in {name}, which already exists with other columns " +
                $"({string.Join(", ", existing.Columns.Select(c => c.Name))}). Nothing was changed. A table of that name that FluentData did not make must be renamed.")
            {
                Migration = seed.Migration,
                Table = seed.TableName,
            };
        }
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
                : $"writing the rows from {rows.Where(rows.LineOf((int)after + 1))} to {rows.Where(rows.LineOf((int)upto!))}";
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
        using var command = Commands.Create(connection, tx, sql, timeout);
        if (after is not null)
        {
            Commands.Add(command, "@after", after);
            Commands.Add(command, "@upto", upto);
        }

        using var reader = command.ExecuteReader();
        if (reader.FieldCount > 0 && reader.Read())
            return [.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? 0 : Convert.ToInt64(reader.GetValue(i), CultureInfo.InvariantCulture))];
        reader.Close();
        return [reader.RecordsAffected];
    }

    private static string Describe(IEnumerable<object?> key) => $"({string.Join(", ", key.Select(v => v is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : v?.ToString() ?? "NULL"))})";
}
