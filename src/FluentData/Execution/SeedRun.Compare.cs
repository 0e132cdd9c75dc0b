using System.Data.Common;
using System.Globalization;
using FluentData.Dialects;
using FluentData.Expressions;

namespace FluentData.Execution;

/// <summary>The table read and compared with the seed here, while the seed's rows are read.</summary>
internal sealed partial class SeedRun
{
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
}
