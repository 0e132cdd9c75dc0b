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
        var after = _transactions.ResumeAfter(plan.Table.KeyColumns[0].ClrType);
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
    private ReadAhead? StartReadAhead(object after)
    {
        var reader = plan.Dialect.OpenReadAhead(connection, transaction, plan.Table);
        return reader is null ? null : new ReadAhead(reader, (r, key) => ReadAndTransform(r.Connection, r.Transaction, key), after, _batchSize);
    }

    /// <summary>The batch after <paramref name="after"/>, read on the given connection, through the function, ready to write.</summary>
    private RowBatch ReadAndTransform(DbConnection on, DbTransaction? within, object? after)
    {
        var (rows, count) = ReadBatch(on, within, after);
        var batch = new RowBatch(count, plan.Targets.Count);
        var source = new ArrayRowSource(ordinal => Fetch(on, within, rows, count, ordinal));
        var row = new DataRow(plan.Shape, source);
        for (var i = 0; i < count; i++)
        {
            source.MoveTo(rows[i]);
            row.MoveTo(source);
            if (_rows.TryTransform(row, _values) is { } failure)
                throw failure;
            batch.Add(rows[i][plan.Shape.KeyOrdinal]!, _values);
        }

        return batch;
    }

    /// <summary>
    /// Reads the batch after <paramref name="after"/>. The first batch reads every column; later
    /// batches read only the key, the targets and the columns the function has asked for, since
    /// most transforms read a few columns of a wide row. A column asked for later is fetched for
    /// the whole batch then.
    /// </summary>
    private (object?[][] Rows, int Count) ReadBatch(DbConnection on, DbTransaction? within, object? after)
    {
        var reading = _reading;
        var columns = reading.Select(i => plan.Table.Columns[i]).ToList();
        using var command = Commands.Create(on, within,
            plan.Dialect.BuildSelectBatch(plan.Table, columns, plan.Expression.Filter, after is not null), _timeout, ("@limit", _batchSize));
        if (after is not null)
            Commands.Add(command, "@after", after);

        var rows = new object?[_batchSize][];
        var count = 0;
        var width = plan.Table.Columns.Count;
        var buffer = new object[reading.Count];
        using var reader = ExecuteRead(command);
        while (reader.Read())
        {
            reader.GetValues(buffer);
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
            .Where(i => i == plan.Shape.KeyOrdinal || plan.Shape.Used[i] || (plan.Targets.Count > 1 && plan.TargetTableOrdinals.Contains(i)))
            .ToList();
    }

    /// <summary>A column the function asked for that this batch did not read: fetched for the whole batch, and read from now on.</summary>
    private void Fetch(DbConnection on, DbTransaction? within, object?[][] rows, int count, int ordinal)
    {
        var keyOrdinal = plan.Shape.KeyOrdinal;
        using var command = Commands.Create(on, within, plan.Dialect.BuildSelectKeyRange(plan.Table, [plan.Table.Columns[ordinal]]), _timeout,
            ("@first", rows[0][keyOrdinal]), ("@last", rows[count - 1][keyOrdinal]));
        var fetched = new Dictionary<object, object?>();
        using (var reader = ExecuteRead(command))
        {
            while (reader.Read())
                fetched[reader.GetValue(0)] = reader.IsDBNull(1) ? null : reader.GetValue(1);
        }

        for (var i = 0; i < count; i++)
            rows[i][ordinal] = fetched.GetValueOrDefault(rows[i][keyOrdinal]!);
        if (!_reading.Contains(ordinal))
            _reading = [.. _reading, ordinal];
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
            _transactions.Write(tx => { writer.Write(connection, tx, batch); return batch.Count; }, batch.LastKey, rowsBefore);
        }
        catch (Exception e) when (TransformFailures.IsRefusal(e))
        {
            var row = _transactions.Locate(
                _ => Enumerable.Range(0, batch.Count),
                i => batch.Keys[i],
                (i, tx) => writer.Write(connection, tx, batch.Single(i)),
                plan.Dialect.FailedStatementAbortsTransaction && e is DbException);
            throw TransformFailures.Refused(plan, _transactions.Online, $"the batch of keys {batch.FirstKey} to {batch.LastKey}", row, e);
        }
    }
}
