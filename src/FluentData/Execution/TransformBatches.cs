using System.Data.Common;
using FluentData.Dialects;
using FluentData.Runner.Checkpoints;

namespace FluentData.Execution;

/// <summary>
/// The batch loop of one transform run: keyset read, user function, value checks, batch write.
/// Memory is bounded by the batch size, whatever the size of the table. Between batches it
/// honours cancellation and the transform's throttle; in online mode it commits each batch
/// together with its checkpoint.
/// </summary>
internal sealed class TransformBatches(TransformPlan plan, DbConnection connection, DbTransaction? transaction, TransformRunSettings settings)
{
    private readonly int _batchSize = plan.BatchSize;
    private readonly TimeSpan? _timeout = settings.CommandTimeout;
    private readonly TransformCheckpoint? _checkpoint = transaction is null ? plan.Expression.Checkpoint : null;
    private readonly RowTransformer _rows = new(plan, transaction is null);
    private readonly BatchTransactions _transactions = new(connection, transaction, transaction is null ? plan.Expression.Checkpoint : null);

    public (long Rows, int Batches) Run(ProgressReporter progress)
    {
        using var writer = plan.Dialect.CreateWriter(plan.Table, plan.Targets);
        var batch = new RowBatch(_batchSize, plan.Targets.Count);
        var rows = new object?[_batchSize][];
        var after = _checkpoint?.ResumeAfter(plan.Table.KeyColumns[0].ClrType);
        var total = _checkpoint?.RowsDone ?? 0;
        var batches = 0;

        while (true)
        {
            settings.Cancellation.ThrowIfCancellationRequested();
            var count = ReadBatch(rows, after);
            if (count == 0)
                break;

            batch.Clear();
            var values = new object?[plan.Targets.Count];
            for (var i = 0; i < count; i++)
            {
                var row = rows[i]!;
                if (_rows.TryTransform(new ArrayRowSource(row), values) is { } failure)
                    throw failure;
                batch.Add(row[plan.Shape.KeyOrdinal]!, values);
            }

            Write(writer, batch, total);
            total += count;
            batches++;
            after = batch.LastKey;
            progress.Report(total, completed: false);
            if (count < _batchSize)
                break;

            if (plan.Expression.Throttle is { } pause)
                settings.Cancellation.WaitHandle.WaitOne(pause);
        }

        return (total, batches);
    }

    private int ReadBatch(object?[][] rows, object? after)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // quoted identifiers and the migration's own filter; values are parameters
        command.CommandText = after is null ? plan.FirstBatchSql : plan.NextBatchSql;
#pragma warning restore CA2100
        if (_timeout is { } t)
            command.CommandTimeout = (int)Math.Ceiling(t.TotalSeconds);
        AddParameter(command, "@limit", _batchSize);
        if (after is not null)
            AddParameter(command, "@after", after);

        var count = 0;
        using var reader = ExecuteRead(command);
        var width = reader.FieldCount;
        while (reader.Read())
        {
            var values = new object?[width];
            reader.GetValues(values!);
            for (var i = 0; i < width; i++)
            {
                if (values[i] is DBNull)
                    values[i] = null;
            }

            rows[count++] = values;
        }

        return count;
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

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
