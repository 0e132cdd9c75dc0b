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
internal sealed class SeedRun(SeedExpression seed, IDataDialect dialect, DbConnection connection, DbTransaction? transaction, TimeSpan? timeout, TableSchema table, IReadOnlyList<ColumnSchema> key, IReadOnlyList<string?> collations)
{
    private const int OtherKeysShown = 5;

    private readonly BatchTransactions _transactions = new(connection, transaction, null);
    private SeedRows _rows = null!;

    /// <summary>The seed's rows, once read.</summary>
    public SeedRows Rows => _rows;

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
    /// Every row into an empty table with the bulk insert, each chunk written on a second thread as
    /// soon as it is read and checked (the connection is not otherwise used meanwhile), all or
    /// nothing: in a transaction of its own online, behind a savepoint in the migration's. A row the
    /// seed cannot give stops it with nothing written; a key the table's unique index finds twice,
    /// or a row another session inserted meanwhile, makes the database refuse it: then the staged
    /// path names the rows, or upserts. Null then.
    /// </summary>
    private SeedOutcome? InsertAll()
    {
        const string savepoint = "fluentdata_seed";
        var saved = !_transactions.Online && transaction!.SupportsSavepoints;
        if (!_transactions.Online && !saved)
        {
            Load();
            return null;
        }

        DbTransaction? own = null;
        using var chunks = new System.Collections.Concurrent.BlockingCollection<(int Start, int Count)>();
        Task<long>? writer = null;
        try
        {
            try
            {
                // Begun once the rows' columns are known: reading them uses the connection too.
                Load(rows =>
                {
                    own = _transactions.Online ? connection.BeginTransaction() : null;
                    if (saved)
                        transaction!.Save(savepoint);
                    writer = Task.Run(() => Write(rows, own ?? transaction!, chunks));
                }, (start, count) => chunks.Add((start, count)));
            }
            finally
            {
                // The connection is the writer's until it is done, also when a row of the seed was refused.
                chunks.CompleteAdding();
                Settle(writer);
            }

            var inserted = writer!.Result;
            if (inserted != _rows.Count)
                throw new InvalidOperationException($"inserted {inserted} rows of {_rows.Count}");
            if (saved)
                transaction!.Release(savepoint);
            own?.Commit();
            return new SeedOutcome(inserted, 0, 0, 0, 0, [], "inserted into the empty table");
        }
        catch (Exception e) when (e is AggregateException { InnerException: DbException } or InvalidOperationException && connection.State == System.Data.ConnectionState.Open)
        {
            if (saved)
                transaction!.Rollback(savepoint);
            return null;
        }
        finally
        {
            // A savepoint not released is rolled back with the migration's transaction when the seed fails.
            own?.Dispose();
        }
    }

    /// <summary>Waits for work on a second thread to end, whatever its outcome; the caller looks at that.</summary>
    private static void Settle(Task? task)
    {
        try
        {
            task?.Wait();
        }
        catch (AggregateException)
        {
        }
    }

    /// <summary>Inserts each chunk as it comes; after a failure, only drains them.</summary>
    private long Write(SeedRows rows, DbTransaction tx, System.Collections.Concurrent.BlockingCollection<(int Start, int Count)> chunks)
    {
        using var inserter = dialect.CreateInserter(table, rows.Columns);
        var inserted = 0L;
        Exception? failed = null;
        foreach (var (start, count) in chunks.GetConsumingEnumerable())
        {
            if (failed is not null)
                continue;
            try
            {
                inserted += inserter.Insert(connection, tx, rows.Chunk(start), count);
            }
            catch (Exception e)
            {
                failed = e;
            }
        }

        return failed is null ? inserted : throw failed;
    }

    /// <summary>
    /// Whether the table already holds every row exactly as the seed gives it, compared here with
    /// the table as read — read on a second thread while the seed's rows are (the connection is not
    /// otherwise used meanwhile). Each value read is compared in the form the seed's were checked
    /// into, a key found only by exact equality, so "unchanged" is only ever said of rows that are.
    /// Null when anything is to be written (the rows are read by then).
    /// </summary>
    private (SeedOutcome? Outcome, List<int>? Differing, long Others, IReadOnlyList<string> OtherKeys) Compare()
    {
        Task<List<object?[]>?>? reading = null;
        try
        {
            Load(rows => reading = rows.Columns.Any(c => c.ReadAsText) ? null : Task.Run(() => ReadTable(rows.Columns)));
        }
        finally
        {
            // The connection is the reader's until it is done, also when a row of the seed was refused.
            Settle(reading);
        }

        if (reading is { Exception.InnerException: DbException failed })
        {
            throw new DataMigrationException($"Seed of {seed.Target} in {seed.Migration} could not read table {table.Name} to compare it with the seed: {failed.Message.TrimEnd('.')}. Nothing was changed.", failed)
            {
                Migration = seed.Migration,
                Table = seed.TableName,
            };
        }

        if (reading is not { IsCompletedSuccessfully: true, Result: { } held })
            return (null, null, 0, []);
        var (matched, others, keys, differing) = (0L, 0L, new List<string>(), new List<int>());
        var key = new object?[_rows.KeyPositions.Length];
        foreach (var values in held)
        {
            for (var k = 0; k < key.Length; k++)
            {
                if (Normalized(_rows.KeyPositions[k], values[_rows.KeyPositions[k]]) is not (true, var normal))
                    return (null, null, 0, []);
                key[k] = normal;
            }

            if (!_rows.TryFind(key, out var row))
            {
                if (++others <= OtherKeysShown)
                    keys.Add(Describe(key));
                continue;
            }

            matched++;
            for (var i = 0; i < values.Length; i++)
            {
                var seeded = _rows.Value(i, row);
                if (!ExactValues.Same(values[i], seeded) && (Normalized(i, values[i]) is not (true, var normal) || !ExactValues.Same(normal, seeded)))
                {
                    differing.Add(row);
                    break;
                }
            }
        }

        // Every seed row was found by its exact key: only the rows that differ need the database,
        // and the others are the table's rows no seed row found. A row not found may be one the key's
        // unique index matches (another case in a case-insensitive key): then all rows are staged.
        if (matched < _rows.Count || (others > 0 && seed.DeleteOthers))
            return (null, null, 0, []);
        return differing.Count == 0
            ? (new SeedOutcome(0, 0, matched, others, 0, keys, "compared with the table; nothing to write"), null, others, keys)
            : (null, differing, others, keys);
    }

    /// <summary>The seed's columns of every row of the table as the driver reads them; null when a value cannot be read here (the database then compares).</summary>
    private List<object?[]>? ReadTable(IReadOnlyList<ColumnSchema> columns)
    {
        var sql = $"SELECT {string.Join(", ", columns.Select(c => dialect.Quote(c.Name)))} FROM {dialect.QuoteTable(table.Name)}";
        var held = new List<object?[]>();
        using var command = Commands.Create(connection, transaction, sql, timeout);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var values = new object?[columns.Count];
            for (var i = 0; i < values.Length; i++)
            {
                if (Read(reader, i, columns[i]) is not (true, var value))
                    return null;
                values[i] = value;
            }

            held.Add(values);
        }

        return held;
    }

    /// <summary>A value read in the form the seed's values were checked into, or not when its column would refuse it.</summary>
    private (bool Ok, object? Value) Normalized(int column, object? value) =>
        dialect.CheckValue(_rows.Columns[column], ref value) is null ? (true, value) : (false, null);

    /// <summary>A value as the driver reads it, as a transform would read it; not read when neither can (an array holding NULLs): then the database compares.</summary>
    private (bool Read, object? Value) Read(DbDataReader reader, int ordinal, ColumnSchema column)
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
                return (true, dialect.ReadValue(reader, ordinal, column));
            }
            catch (Exception e) when (e is InvalidCastException or DataMigrationException or OverflowException)
            {
                return (false, null);
            }
        }
    }

    /// <summary>
    /// Stages the rows (or only <paramref name="only"/>, the rows a comparison found different,
    /// with the others it counted) and upserts them range by range.
    /// </summary>
    private SeedOutcome Staged(SeedTables tables, List<int>? only = null, (long Count, IReadOnlyList<string> Keys)? counted = null) => WithStage(tables, only, () =>
    {
        var (inserted, updated) = (0L, 0L);
        var batch = seed.BatchSize ?? dialect.DefaultServerSideBatchSize;
        var upsert = dialect.BuildSeedUpsert(tables);
        var capture = tables.Undo is null ? [] : dialect.BuildSeedUndoCapture(tables);
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

    private void Stage(SeedTables tables, List<int>? only)
    {
        var number = new ColumnSchema(SeedTables.RowColumn, "bigint", typeof(long), false, null, false) { Kind = ValueKind.Integer };
        ColumnSchema[] columns = [number, .. _rows.Columns];
        using var inserter = dialect.CreateInserter(new TableSchema(tables.Stage, columns), columns);

        // One savepoint for all of it, where a failed statement would end the migration's transaction: the rows are then looked at one by one.
        var saved = transaction is { SupportsSavepoints: true } && dialect.FailedStatementAbortsTransaction;
        if (saved)
            transaction!.Save(StageSavepoint);
        if (only is not null)
        {
            // A few rows, as one chunk of their own, numbered as in the seed.
            object?[][] picked = [[.. only.Select(r => (object?)(long)r)], .. _rows.Columns.Select((_, c) => only.Select(r => _rows.Value(c, r)).ToArray())];
            try
            {
                inserter.Insert(connection, transaction, picked, only.Count);
            }
            catch (DbException e)
            {
                if (saved)
                    transaction!.Rollback(StageSavepoint);
                throw Refused(inserter, only, saved, e);
            }
        }

        for (var start = 0; only is null && start < _rows.Count; start += _rows.ChunkRows)
        {
            var count = Math.Min(_rows.ChunkRows, _rows.Count - start);
            var numbers = new object?[count];
            for (var i = 0; i < count; i++)
                numbers[i] = (long)(start + i);
            try
            {
                inserter.Insert(connection, transaction, [numbers, .. _rows.Chunk(start)], count);
            }
            catch (DbException e)
            {
                if (saved)
                    transaction!.Rollback(StageSavepoint);
                throw Refused(inserter, [.. Enumerable.Range(start, count)], saved, e);
            }
        }

        if (saved)
            transaction!.Release(StageSavepoint);
    }

    private const string StageSavepoint = "fluentdata_seed_stage";

    /// <summary>
    /// A value the database itself refused as the rows were staged — one it parses (an address, a
    /// range), one its column's domain or check does not allow: the row is found by staging the
    /// rows one at a time (each undone), and named.
    /// </summary>
    private DataMigrationException Refused(IRowInserter inserter, List<int> rows, bool saved, DbException error)
    {
        foreach (var row in rows)
        {
            object?[][] one = [[(long)row], .. _rows.Columns.Select((_, c) => new[] { _rows.Value(c, row) })];
            if (saved)
                transaction!.Save(StageSavepoint);
            try
            {
                inserter.Insert(connection, transaction, one, 1);
            }
            catch (DbException refusal)
            {
                return new SeedRowException($"Seed of {seed.Target} in {seed.Migration} failed on {_rows.Where(_rows.LineOf(row))}: the {dialect.Name} database refused its values: {refusal.Message.TrimEnd('.')}. Nothing was changed.", refusal)
                {
                    Migration = seed.Migration,
                    Table = seed.TableName,
                    SeedSource = seed.Source,
                    Line = _rows.LineOf(row),
                };
            }
            finally
            {
                if (saved)
                    transaction!.Rollback(StageSavepoint);
            }
        }

        return new DataMigrationException($"Seed of {seed.Target} in {seed.Migration} could not stage the rows from {_rows.Where(_rows.LineOf(rows[0]))} to {_rows.Where(_rows.LineOf(rows[^1]))}: the {dialect.Name} database refused them: {error.Message.TrimEnd('.')}. Nothing was changed.", error)
        {
            Migration = seed.Migration,
            Table = seed.TableName,
        };
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
            $"Seed of {seed.Target} in {seed.Migration} failed on {_rows.Where(_rows.LineOf(second))}: its key " +
            $"{Describe(_rows.KeyPositions.Select(p => _rows.Value(p, second)))} is the key of {_rows.Where(_rows.LineOf(first))} " +
            $"{Describe(_rows.KeyPositions.Select(p => _rows.Value(p, first)))} as the table's unique key on ({string.Join(", ", key.Select(k => k.Name))}) compares them; " +
            "a seed names each row once. Nothing was changed.")
        {
            Migration = seed.Migration,
            Table = seed.TableName,
            SeedSource = seed.Source,
            Line = _rows.LineOf(second),
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
    /// before that run). Deleted rows can be given back exactly only without generated columns, and
    /// no row exactly where a trigger or a cascading foreign key writes more than the seed does.
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

        if (dialect.SideEffects(connection, transaction, table, deletes: seed.DeleteOthers) is [_, ..] effects)
        {
            throw new DataMigrationException(
                $"Seed of {seed.Target} in {seed.Migration} cannot be reversed exactly: writing its rows also runs {string.Join(", ", effects)}, " +
                "whose changes the generated Down() could not take back (a trigger sets its columns again as Down() restores them, a cascade has already gone). " +
                "Nothing was changed. Derive from DataMigration and write Down() yourself.")
            {
                Migration = seed.Migration,
                Table = seed.TableName,
            };
        }

        Keep(undo, _rows.Columns);
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
