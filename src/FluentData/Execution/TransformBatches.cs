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
internal sealed class TransformBatches(TransformPlan plan, DbConnection connection, DbTransaction? transaction, TransformRunSettings settings, BatchTransactions transactions)
{
    private readonly int _batchSize = plan.BatchSize;
    private readonly TimeSpan? _timeout = settings.CommandTimeout;
    private readonly RowTransformer _rows = new(plan, transactions.Online);
    private readonly object?[] _values = new object?[plan.Targets.Count];
    private readonly BatchTransactions _transactions = transactions;

    // Replaced, never changed in place: a read ahead on another thread takes the list as it is then.
    private volatile List<int> _reading = Enumerable.Range(0, plan.Table.Columns.Count).ToList();
    private bool _learned;

    public (long Rows, int Batches) Run(ProgressReporter progress)
    {
        using var writer = plan.Dialect.CreateWriter(plan.Table, plan.Targets);
        var after = _transactions.ResumeAfter(plan.Table);
        var total = _transactions.ResumedRows;
        var batches = 0;
        ReadAhead? ahead = null;

        try
        {
            while (true)
            {
                settings.Cancellation.ThrowIfCancellationRequested();
                var batch = ahead?.Next() ?? ReadAndTransform(connection, transaction, after);
                if (batch.Count == 0)
                    break;

                LearnColumns();
                if (batches == 0 && batch.Count == _batchSize)
                    ahead = StartReadAhead(batch.LastKey);
                Write(writer, batch, total);
                total += batch.Count;
                batches++;
                after = batch.LastKey;
                progress.Report(total, completed: false);
                if (batch.Count < _batchSize)
                    break;

                if (plan.Expression.Throttle is { } pause)
                    settings.Cancellation.WaitHandle.WaitOne(pause);
            }
        }
        finally
        {
            ahead?.Dispose();
        }

        return (total, batches);
    }

    /// <summary>
    /// After the first batch, once the columns to read are known: the following batches are read
    /// and transformed on a second connection while this one writes, where the dialect offers one.
    /// </summary>
    private ReadAhead? StartReadAhead(object?[] after)
    {
        var reader = plan.Dialect.OpenReadAhead(connection, transaction, plan.Table);
        return reader is null ? null : new ReadAhead(reader, (r, key) => ReadAndTransform(r.Connection, r.Transaction, key), after, _batchSize);
    }

    /// <summary>The batch after <paramref name="after"/>, read on the given connection, through the function, ready to write.</summary>
    private RowBatch ReadAndTransform(DbConnection on, DbTransaction? within, object?[]? after)
    {
        var (rows, count) = ReadBatch(on, within, after);
        var batch = new RowBatch(count, plan.Shape.KeyOrdinals.Length, plan.Targets.Count);
        var source = new ArrayRowSource(ordinal => Fetch(on, within, rows, count, ordinal));
        var row = new DataRow(plan.Shape, source);
        for (var i = 0; i < count; i++)
        {
            source.MoveTo(rows[i]);
            row.MoveTo(source);
            if (_rows.TryTransform(row, _values) is { } failure)
                throw failure;
            batch.Add(rows[i], plan.Shape.KeyOrdinals, _values);
        }

        return batch;
    }

    /// <summary>
    /// Reads the batch after <paramref name="after"/>. The first batch reads every column; later
    /// batches read only the key, the targets and the columns the function has asked for, since
    /// most transforms read a few columns of a wide row. A column asked for later is fetched for
    /// the whole batch then.
    /// </summary>
    private (object?[][] Rows, int Count) ReadBatch(DbConnection on, DbTransaction? within, object?[]? after)
    {
        var reading = _reading;
        var columns = reading.Select(i => plan.Table.Columns[i]).ToList();
        using var command = Commands.Create(on, within,
            plan.Dialect.BuildSelectBatch(plan.Table, columns, plan.Expression.Filter, after is not null), _timeout, ("@limit", _batchSize));
        Commands.AddKey(command, "after", after);

        var rows = new object?[_batchSize][];
        var count = 0;
        var width = plan.Table.Columns.Count;
        var buffer = new object[reading.Count];
        using var reader = ExecuteRead(command);
        while (reader.Read())
        {
            GetValues(reader, buffer, reading);
            var values = new object?[width];
            if (reading.Count < width)
                Array.Fill(values, ArrayRowSource.NotRead);
            for (var i = 0; i < buffer.Length; i++)
                values[reading[i]] = buffer[i] is DBNull ? null : buffer[i];
            rows[count++] = values;
        }

        return (rows, count);
    }

    /// <summary>After the first batch: from now on read only what the function reads.</summary>
    private void LearnColumns()
    {
        if (_learned)
            return;
        _learned = true;
        _reading = Enumerable.Range(0, plan.Table.Columns.Count)
            .Where(i => plan.Shape.KeyOrdinals.Contains(i) || plan.Shape.Used[i] || (plan.Targets.Count > 1 && plan.TargetTableOrdinals.Contains(i)))
            .ToList();
    }

    /// <summary>A column the function asked for that this batch did not read: fetched for the whole batch, and read from now on.</summary>
    private void Fetch(DbConnection on, DbTransaction? within, object?[][] rows, int count, int ordinal)
    {
        var keyOrdinals = plan.Shape.KeyOrdinals;
        using var command = Commands.Create(on, within, plan.Dialect.BuildSelectKeyRange(plan.Table, [plan.Table.Columns[ordinal]]), _timeout);
        Commands.AddKey(command, "first", KeyParts.Of(rows[0], keyOrdinals));
        Commands.AddKey(command, "last", KeyParts.Of(rows[count - 1], keyOrdinals));
        var fetched = new Dictionary<object?[], object?>(KeyParts.Comparer);
        var buffer = new object[keyOrdinals.Length + 1];
        using (var reader = ExecuteRead(command))
        {
            while (reader.Read())
            {
                reader.GetValues(buffer);
                fetched[buffer[..keyOrdinals.Length]] = buffer[^1] is DBNull ? null : buffer[^1];
            }
        }

        for (var i = 0; i < count; i++)
            rows[i][ordinal] = fetched.GetValueOrDefault(KeyParts.Of(rows[i], keyOrdinals));
        if (!_reading.Contains(ordinal))
            _reading = [.. _reading, ordinal];
    }

    /// <summary>
    /// The row's values; a value the driver cannot turn into its .NET type (a numeric beyond
    /// decimal's range, an array with NULLs the driver will not read) is named with its column and key.
    /// </summary>
    private void GetValues(DbDataReader reader, object[] buffer, List<int> reading)
    {
        try
        {
            reader.GetValues(buffer);
        }
        catch (Exception e) when (e is InvalidCastException or OverflowException or FormatException or ArgumentException)
        {
            var column = Enumerable.Range(0, buffer.Length).FirstOrDefault(i => !Readable(reader, i));
            var key = plan.Shape.KeyOrdinals.All(k => reading.IndexOf(k) is var at && at >= 0 && Readable(reader, at))
                ? KeyParts.ToRowKey(plan.Table, plan.Shape.KeyOrdinals.Select(k => reader.GetValue(reading.IndexOf(k))).ToArray())
                : null;
            var name = plan.Table.Columns[reading[column]].Name;
            throw TransformFailures.Failed(plan, _transactions.Online, key, name,
                $"column '{name}' ({plan.Table.Columns[reading[column]].SqlType}) holds a value .NET cannot represent exactly ({e.Message}); " +
                "transform it with UsingSql(...), which never leaves the database", e);
        }
    }

    private static bool Readable(DbDataReader reader, int ordinal)
    {
        try
        {
            reader.GetValue(ordinal);
            return true;
        }
        catch (Exception e) when (e is InvalidCastException or OverflowException or FormatException or ArgumentException)
        {
            return false;
        }
    }

    private DbDataReader ExecuteRead(DbCommand command)
    {
        try
        {
            return command.ExecuteReader();
        }
        catch (DbException e)
        {
            throw TransformFailures.Unreadable(plan, e);
        }
    }

    private void Write(IBatchWriter writer, RowBatch batch, long rowsBefore)
    {
        try
        {
            // Counted as read, not as the driver reports: a row the function left as it was is still done.
            _transactions.Write(tx => { Check(writer.Write(connection, tx, batch), batch, tx); return batch.Count; }, batch.LastKey, rowsBefore);
        }
        catch (Exception e) when (TransformFailures.IsRefusal(e))
        {
            var row = _transactions.Locate(
                _ => Enumerable.Range(0, batch.Count),
                batch.KeyAt,
                (i, tx) => writer.Write(connection, tx, batch.Single(i)),
                plan.Dialect.FailedStatementAbortsTransaction && e is DbException);
            throw TransformFailures.Refused(plan, _transactions.Online, TransformFailures.Range(plan, batch.FirstKey, batch.LastKey, inclusive: true), row, e);
        }
    }

    /// <summary>
    /// Every row of a batch that still exists must have been written: a write that matched fewer
    /// rows than it sent would mean keys that no longer compare equal on their way back, and the
    /// migration stops before it commits rather than report rows it did not write.
    /// </summary>
    private void Check(int written, RowBatch batch, DbTransaction? tx)
    {
        if (written < 0 || written == batch.Count)
            return;

        var existing = new HashSet<object?[]>(KeyParts.Comparer);
        using (var command = Commands.Create(connection, tx, plan.Dialect.BuildSelectKeyRange(plan.Table, []), _timeout))
        {
            Commands.AddKey(command, "first", batch.FirstKey);
            Commands.AddKey(command, "last", batch.LastKey);
            using var reader = command.ExecuteReader();
            var parts = new object[plan.Shape.KeyOrdinals.Length];
            while (reader.Read())
            {
                reader.GetValues(parts);
                existing.Add([.. parts]);
            }
        }

        var stillThere = Enumerable.Range(0, batch.Count).Where(i => existing.Contains(batch.KeyAt(i))).ToList();
        if (written == stillThere.Count)
            return;

        var key = KeyParts.ToRowKey(plan.Table, batch.KeyAt(stillThere.FirstOrDefault()));
        throw TransformFailures.Failed(plan, _transactions.Online, key, null,
            $"the {plan.Dialect.Name} database updated {written} rows of {TransformFailures.Range(plan, batch.FirstKey, batch.LastKey, inclusive: true)}, " +
            $"which has {stillThere.Count} rows: keys read from the table did not find their rows again. This is a FluentData bug; please report it with the key's column type", null);
    }
}
