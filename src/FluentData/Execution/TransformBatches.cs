using System.Data.Common;
using FluentData.Dialects;

namespace FluentData.Execution;

/// <summary>
/// The batch loop of one transform run: keyset read, user function, value checks, batch write.
/// Memory is bounded by the batch size, whatever the size of the table. Between batches it
/// honours cancellation and the transform's throttle; in online mode it commits each batch
/// together with its checkpoint. Where the dialect offers a second connection, the batches
/// after the first are read and transformed there while this connection writes.
/// </summary>
/// <param name="plan">The transform, checked against the table.</param>
/// <param name="connection">The migration's connection.</param>
/// <param name="transaction">The migration's transaction, or null online.</param>
/// <param name="settings">Timeout, cancellation, dry run.</param>
/// <param name="transactions">Where each batch's write runs.</param>
/// <param name="checkOnly">Read and transform every row (so every check on the values runs) without writing or reporting anything.</param>
/// <param name="readAhead">Whether the batches after the first may be read on a second connection (not when several connections share the table already).</param>
internal sealed class TransformBatches(
    TransformPlan plan, DbConnection connection, DbTransaction? transaction, TransformRunSettings settings, BatchTransactions transactions, bool checkOnly = false, bool readAhead = true)
{
    private readonly int _batchSize = plan.BatchSize;
    private readonly TimeSpan? _timeout = settings.CommandTimeout;
    private readonly RowTransformer _rows = new(plan, checkOnly ? FailureOutcome.NothingWritten : transactions.Outcome);
    private readonly object?[] _values = new object?[plan.Targets.Count];
    private readonly BatchTransactions _transactions = transactions;
    private readonly bool _sampling = settings.DryRun;

    // What a batch reads, by position in the row (RowShape.Layout): the key, the targets (to tell
    // a changed value from an unchanged one), the row version where the database keeps one, and
    // the columns the function has asked for so far. Replaced, never changed in place: a read
    // ahead on another thread takes the list as it is then.
    private volatile List<int> _reading = plan.Shape.KeyOrdinals
        .Concat(plan.TargetTableOrdinals)
        .Concat(plan.Shape.StoredTextOrdinals.Where(o => o >= 0))
        .Concat(plan.Shape.VersionOrdinal >= 0 ? [plan.Shape.VersionOrdinal] : [])
        .Distinct().ToList();

    // The end of the part of the table this run covers, when several connections share it; null to the end.
    private object?[]? _until;

    /// <summary>Rounds of reading again the rows other sessions keep changing under one batch before the transform gives up.</summary>
    internal const int MaxRedoRounds = 10;

    /// <summary>Runs every batch, adding what it reads and changes to <paramref name="total"/>; returns the batches read.</summary>
    public int Run(TransformTally total, ProgressReporter progress)
    {
        using var writer = plan.Dialect.CreateWriter(plan.Table, plan.Targets);
        var after = _transactions.ResumeAfter(plan.Table);
        _until = _transactions.Until(plan.Table);
        var batches = 0;
        ReadAhead<RowBatch>? ahead = null;

        try
        {
            while (true)
            {
                settings.Cancellation.ThrowIfCancellationRequested();
                var batch = ahead?.Next() ?? ReadAndTransform(connection, transaction, after);
                if (batch.ReadCount == 0)
                    break;

                if (batches == 0 && batch.ReadCount == _batchSize && readAhead)
                    ahead = StartReadAhead(batch.LastReadKey!);
                if (!checkOnly)
                {
                    Write(writer, batch);
                    lock (total)
                    {
                        total.Add(batch.Tally);
                        progress.Report(total, completed: false);
                    }
                }

                batches++;
                after = batch.LastReadKey;
                if (batch.ReadCount < _batchSize)
                    break;

                if (plan.Expression.Throttle is { } pause)
                    settings.Cancellation.WaitHandle.WaitOne(pause);
            }
        }
        finally
        {
            ahead?.Dispose();
        }

        return batches;
    }

    /// <summary>
    /// After the first batch, once the columns the function reads are known: the following batches
    /// are read and transformed on a second connection while this one writes, where the dialect offers one.
    /// </summary>
    private ReadAhead<RowBatch>? StartReadAhead(object?[] after)
    {
        var reader = plan.Dialect.OpenReadAhead(connection, transaction, plan.Table);
        return reader is null
            ? null
            : new ReadAhead<RowBatch>(reader, (r, key) => ReadAndTransform(r.Connection, r.Transaction, key), after, b => b.ReadCount < _batchSize ? null : b.LastReadKey, RowBatch.Empty);
    }

    /// <summary>
    /// The batch after <paramref name="after"/>, read on the given connection and through the
    /// function: the rows whose value changed, ready to write, and the count of all rows read.
    /// </summary>
    private RowBatch ReadAndTransform(DbConnection on, DbTransaction? within, object?[]? after)
    {
        var (rows, count) = ReadBatch(on, within, after);
        var batch = Transform(on, within, rows, count, new TransformTally(plan.Targets.Count, _sampling));
        if (count > 0)
            batch.LastReadKey = KeyParts.Of(rows[count - 1], plan.Shape.KeyOrdinals);
        return batch;
    }

    /// <summary>
    /// Runs the function on each row read, counting in <paramref name="tally"/>: the rows whose
    /// value changed, with what their write will require to be unchanged. One batch at a time:
    /// the read ahead and a batch's second try never call the user's function at once.
    /// </summary>
    private RowBatch Transform(DbConnection on, DbTransaction? within, object?[][] rows, int count, TransformTally tally)
    {
        lock (_rows)
        {
            var batch = new RowBatch(count, plan.Shape.KeyOrdinals.Length, plan.Targets.Count, tally);
            var source = new ArrayRowSource(ordinal => Fetch(on, within, rows, count, ordinal));
            var row = new DataRow(plan.Shape, source);
            for (var i = 0; i < count; i++)
            {
                source.MoveTo(rows[i]);
                row.MoveTo(source);
                if (_rows.TryTransform(row, _values, batch.Tally, out var changed) is { } failure)
                    throw failure;
                if (changed)
                    batch.Add(rows[i], plan.Shape.KeyOrdinals, _values);
            }

            // Known once every row is done: a column the function asked for in the middle of the
            // batch was fetched for all of its rows, and is compared for all of them.
            if (count > 0)
                batch.Guard = GuardOf(rows[0]);
            return batch;
        }
    }

    /// <summary>
    /// The row version where the database keeps one; else every column this batch read (the
    /// targets among them, not the key) — the same for all its rows, since a column fetched
    /// for one row is fetched for the whole batch.
    /// </summary>
    private RowGuard GuardOf(object?[] row)
    {
        var ordinals = plan.Shape.VersionOrdinal >= 0
            ? [plan.Shape.VersionOrdinal]
            : Enumerable.Range(0, row.Length).Where(o => !ReferenceEquals(row[o], ArrayRowSource.NotRead) && !plan.Shape.KeyOrdinals.Contains(o)).ToArray();
        return new RowGuard(ordinals.Select(o => plan.Shape.Layout[o]).ToList(), ordinals);
    }

    /// <summary>
    /// Reads the batch after <paramref name="after"/>: the key, the targets and the columns the
    /// function has asked for so far, since most transforms read a few columns of a wide row, and a
    /// column nobody reads is never read (nor could fail to convert). A column the function asks
    /// for first in this batch is fetched for the whole batch then.
    /// </summary>
    private (object?[][] Rows, int Count) ReadBatch(DbConnection on, DbTransaction? within, object?[]? after)
    {
        var reading = _reading;
        var columns = reading.Select(i => plan.Shape.Layout[i]).ToList();
        using var command = Commands.Create(on, within,
            plan.Dialect.BuildSelectBatch(plan.Table, columns, plan.Expression.Filter, after is not null, _until is not null), _timeout, ("@limit", _batchSize));
        Commands.AddKey(command, "after", after);
        Commands.AddKey(command, "until", _until);
        return ReadRows(command, reading, _batchSize);
    }

    /// <summary>Rows of the <paramref name="reading"/> columns, each laid out as <see cref="RowShape.Layout"/> with the columns not read marked so.</summary>
    private (object?[][] Rows, int Count) ReadRows(DbCommand command, List<int> reading, int capacity)
    {
        var rows = new object?[capacity][];
        var count = 0;
        var width = plan.Shape.Layout.Count;
        var buffer = new object[reading.Count];
        var getValues = ValuesOf(reading);
        using var reader = ExecuteRead(command);
        while (reader.Read())
        {
            getValues(reader, buffer);
            var values = new object?[width];
            if (reading.Count < width)
                Array.Fill(values, ArrayRowSource.NotRead);
            for (var i = 0; i < buffer.Length; i++)
                values[reading[i]] = buffer[i] is DBNull ? null : buffer[i];
            if (count == rows.Length)
                Array.Resize(ref rows, rows.Length * 2);
            rows[count++] = values;
        }

        return (rows, count);
    }

    /// <summary>A column the function asked for that this batch did not read: fetched for the whole batch, and read from now on.</summary>
    private void Fetch(DbConnection on, DbTransaction? within, object?[][] rows, int count, int ordinal)
    {
        var keyOrdinals = plan.Shape.KeyOrdinals;
        using var command = Commands.Create(on, within,
            plan.Dialect.BuildSelectKeyRange(plan.Table, [.. keyOrdinals.Select(k => plan.Shape.Layout[k]), plan.Shape.Layout[ordinal]]), _timeout);
        Commands.AddKey(command, "first", KeyParts.Of(rows[0], keyOrdinals));
        Commands.AddKey(command, "last", KeyParts.Of(rows[count - 1], keyOrdinals));
        var fetched = new Dictionary<object?[], object?>(KeyParts.Comparer);
        var buffer = new object[keyOrdinals.Length + 1];
        using (var reader = ExecuteRead(command))
        {
            var getValues = ValuesOf(keyOrdinals.Append(ordinal).ToList());
            while (reader.Read())
            {
                getValues(reader, buffer);
                fetched[buffer[..keyOrdinals.Length]] = buffer[^1] is DBNull ? null : buffer[^1];
            }
        }

        for (var i = 0; i < count; i++)
            rows[i][ordinal] = fetched.GetValueOrDefault(KeyParts.Of(rows[i], keyOrdinals));
        if (!_reading.Contains(ordinal))
            _reading = [.. _reading, ordinal];
    }

    /// <summary>
    /// Reads a row of the <paramref name="reading"/> columns (worked out once per query, not per
    /// row); a value the driver cannot turn into its .NET type (a numeric beyond decimal's range, an
    /// array with NULLs the driver will not read) is named with its column and key.
    /// </summary>
    private Action<DbDataReader, object[]> ValuesOf(List<int> reading)
    {
        var columns = reading.Select(o => plan.Shape.Layout[o]).ToList();
        var keys = plan.Shape.KeyOrdinals.Select(k => reading.IndexOf(k)).ToList();
        Func<ColumnSchema, object?[]?, Exception, object> unreadable = (column, key, e) => throw TransformFailures.Failed(plan, _transactions.Outcome,
            key is null ? null : KeyParts.ToRowKey(plan.Table, key), column.Name,
            $"column '{column.Name}' ({column.SqlType}) holds a value .NET cannot represent exactly ({e.Message}); " +
            "transform it with UsingSql(...), which never leaves the database", e);
        return (reader, buffer) => RowReading.Values(reader, buffer, columns, keys, plan.Dialect, unreadable);
    }

    private DbDataReader ExecuteRead(DbCommand command) =>
        TransformFailures.Reading(plan, () => command.ExecuteReader());

    /// <summary>Writes the batch's changed rows; online, commits them with the checkpoint of everything read, even when none changed.</summary>
    private void Write(IBatchWriter writer, RowBatch batch)
    {
        // What the batch counted before its write: a try the database aborted takes back what its second tries counted.
        var counted = batch.Tally.Copy();
        try
        {
            _transactions.RetryingConflicts(plan.Dialect, () =>
            {
                batch.Tally.Set(counted);
                _transactions.Write(tx =>
                {
                    if (batch.Count > 0)
                        WriteUnchangedRows(writer, batch, tx);
                }, batch.LastReadKey!, batch.Tally);
            });
        }
        catch (DbException e) when (plan.Dialect.IsConflict(e))
        {
            throw TransformFailures.Conflict(plan, _transactions.Outcome, TransformFailures.Range(plan, batch.FirstKey, batch.LastKey, inclusive: true), e);
        }
        catch (Exception e) when (TransformFailures.IsRefusal(e))
        {
            var row = _transactions.Locate(
                _ => Enumerable.Range(0, batch.Count),
                batch.KeyAt,
                (i, tx) => writer.Write(connection, tx, batch.Single(i)),
                plan.Dialect.FailedStatementAbortsTransaction && e is DbException);
            throw TransformFailures.Refused(plan, _transactions.Outcome, TransformFailures.Range(plan, batch.FirstKey, batch.LastKey, inclusive: true), row, e);
        }
    }

    /// <summary>
    /// Writes each row only while it is as read (its version, or the values read, compared in the
    /// write itself). A row another session changed in between is read again, transformed again
    /// from what it holds now and written the same way, until every row is written or gone: a
    /// value computed from a stale read is never written over a newer one.
    /// </summary>
    private void WriteUnchangedRows(IBatchWriter writer, RowBatch batch, DbTransaction? tx)
    {
        var pending = batch;
        for (var round = 1; ; round++)
        {
            var count = writer.Write(connection, tx, pending);
            if (count == pending.Count)
                return;

            var written = writer.WrittenRows(connection, tx, pending);
            if (written.Count != count)
            {
                throw TransformFailures.Failed(plan, _transactions.Outcome, null, null,
                    $"the {plan.Dialect.Name} database updated {count} rows of {TransformFailures.Range(plan, batch.FirstKey, batch.LastKey, inclusive: true)}, " +
                    $"but {written.Count} of them can be told apart as written by this migration's UPDATE, so the rows another session changed meanwhile cannot safely " +
                    "be transformed again. On PostgreSQL a SAVEPOINT taken in the migration before the transform, or an UPDATE trigger that writes other rows of the " +
                    "same table, does this: run the transform outside the savepoint, or disable the trigger for the migration", null);
            }

            var unwritten = Enumerable.Range(0, pending.Count).Where(i => !written.Contains(i)).ToList();
            if (round > MaxRedoRounds)
            {
                throw TransformFailures.Failed(plan, _transactions.Outcome, KeyParts.ToRowKey(plan.Table, pending.KeyAt(unwritten[0])), null,
                    $"other sessions changed {unwritten.Count} rows of {TransformFailures.Range(plan, batch.FirstKey, batch.LastKey, inclusive: true)} " +
                    $"every time they were read again, {MaxRedoRounds} times over; rerun the migration when the table is quieter, or use a smaller batch", null);
            }

            pending = TransformAgain(pending, unwritten, tx, batch.Tally);
            if (pending.Count == 0)
                return;
        }
    }

    /// <summary>
    /// The rows of <paramref name="previous"/> its write left alone, read again as they are now and
    /// transformed again: counted as redone, and changed only by their new values. A row that is
    /// gone, or no longer matches the transform's Where, is left alone.
    /// </summary>
    private RowBatch TransformAgain(RowBatch previous, List<int> unwritten, DbTransaction? tx, TransformTally tally)
    {
        foreach (var i in unwritten)
            Uncount(previous, i, tally);

        var reading = _reading;
        using var command = Commands.Create(connection, tx,
            plan.Dialect.BuildSelectKeyRange(plan.Table, reading.Select(o => plan.Shape.Layout[o]).ToList(), plan.Expression.Filter), _timeout);
        Commands.AddKey(command, "first", previous.KeyAt(unwritten[0]));
        Commands.AddKey(command, "last", previous.KeyAt(unwritten[^1]));
        var (rows, count) = ReadRows(command, reading, unwritten.Count);
        var now = new Dictionary<object?[], object?[]>(KeyParts.Comparer);
        for (var r = 0; r < count; r++)
            now[KeyParts.Of(rows[r], plan.Shape.KeyOrdinals)] = rows[r];

        var again = new List<object?[]>(unwritten.Count);
        foreach (var i in unwritten)
        {
            if (!now.TryGetValue(previous.KeyAt(i), out var row))
                continue;
            if (Unchanged(previous, i, row))
            {
                throw TransformFailures.Failed(plan, _transactions.Outcome, KeyParts.ToRowKey(plan.Table, previous.KeyAt(i)), null,
                    $"the {plan.Dialect.Name} database did not update this row of {TransformFailures.Range(plan, previous.FirstKey, previous.LastKey, inclusive: true)} " +
                    "although no one changed it since it was read. A BEFORE UPDATE trigger that skips it (returns NULL), a row-level security policy or a rule " +
                    "does this; otherwise its key did not find it again, which is a FluentData bug: please report it with the key's column type", null);
            }

            again.Add(row);
        }

        var redone = new TransformTally(plan.Targets.Count, _sampling);
        var batch = Transform(connection, tx, [.. again], again.Count, redone);
        (redone.Redone, redone.Read) = (redone.Read, 0);
        tally.Add(redone);
        return batch;
    }

    /// <summary>Takes back what row <paramref name="index"/> of a batch counted as changed: its new values were not written.</summary>
    private void Uncount(RowBatch batch, int index, TransformTally tally)
    {
        tally.Changed--;
        for (var column = 0; column < plan.Targets.Count; column++)
        {
            if (batch.Rows[index][plan.TargetTableOrdinals[column]] is not null && batch.Values[column][index] is null)
                tally.BecameNull[column]--;
        }

        var key = KeyParts.ToRowKey(plan.Table, batch.KeyAt(index));
        tally.Samples?.RemoveAll(sample => sample.Key.Equals(key));
    }

    /// <summary>Whether a row read again holds every guard value its batch read.</summary>
    private static bool Unchanged(RowBatch batch, int index, object?[] row)
    {
        for (var g = 0; g < batch.Guard.Ordinals.Length; g++)
        {
            if (!KeyParts.Same(batch.GuardAt(g, index), row[batch.Guard.Ordinals[g]]))
                return false;
        }

        return true;
    }
}
