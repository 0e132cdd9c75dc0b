using System.Data.Common;
using System.Globalization;
using FluentData.Dialects;
using FluentData.Expressions;

namespace FluentData.Execution;

/// <summary>The seed's rows staged in a temporary table: a value the database refuses there named by its line, keys its unique index would take for one refused.</summary>
internal sealed partial class SeedRun
{
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
}
