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
    private const string BatchSavepoint = "fluentdata_batch";
    private const string RowSavepoint = "fluentdata_row";

    private readonly int _batchSize = plan.Expression.BatchSize;
    private readonly bool _online = transaction is null;
    private readonly TimeSpan? _timeout = settings.CommandTimeout;
    private readonly TransformCheckpoint? _checkpoint = transaction is null ? plan.Expression.Checkpoint : null;

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
            for (var i = 0; i < count; i++)
                Transform(rows[i]!, batch);

            total += count;
            Write(writer, batch, total);
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
            throw ReadFailure(plan.Expression, e);
        }
    }

    /// <summary>The table could not be read: usually the filter, which runs as the user wrote it.</summary>
    public static DataMigrationException ReadFailure(Expressions.TransformExpression expression, DbException e)
    {
        var filter = expression.Filter is null ? "" : $" Check the filter Where(\"{expression.Filter}\"): it is run as written, in the database's SQL.";
        return new DataMigrationException(
            $"Transform on {expression.Target} in {expression.Migration} could not read the table: {e.Message}.{filter}", e)
        {
            Migration = expression.Migration,
            Table = expression.TableName,
        };
    }

    private void Transform(object?[] values, RowBatch batch)
    {
        var row = new DataRow(plan.Shape, values);
        var index = batch.Add(row.Key);
        var expression = plan.Expression;

        object?[] newValues;
        try
        {
            if (expression.ValueFunction is { } valueFunction)
            {
                newValues = [valueFunction(row)];
            }
            else
            {
                newValues = plan.TargetTableOrdinals.Select(o => values[o]).ToArray();
                expression.RowFunction!(row, new ColumnValues(plan, newValues));
            }
        }
        catch (Exception e) when (e is not TableSchemaException)
        {
            throw Failure(row.Key, null,
                $"the transform function threw {e.GetType().Name}: {e.Message}", e);
        }

        for (var column = 0; column < newValues.Length; column++)
        {
            var value = newValues[column];
            var problem = ColumnValueCoercion.TryCoerce(plan.Targets[column], ref value);
            if (problem is not null)
            {
                throw Failure(row.Key, plan.Targets[column].Name,
                    $"it returned {ValueConversion.Describe(newValues[column])} for column '{plan.Targets[column].Name}' ({plan.Targets[column].DataType}), which the column cannot hold: {problem}", null);
            }

            batch.Values[column][index] = value;
        }
    }

    private void Write(IBatchWriter writer, RowBatch batch, long rowsDone)
    {
        // Online (no migration transaction): each batch commits on its own, so a failure
        // keeps the batches before it and loses nothing half-written inside one.
        using var own = _online ? connection.BeginTransaction() : null;
        var current = transaction ?? own!;

        // A savepoint lets a refused batch be taken apart row by row to name the row the
        // database refused; PostgreSQL accepts nothing more in a transaction after an error.
        current.Save(BatchSavepoint);
        try
        {
            writer.Write(connection, current, batch);
        }
        catch (Exception e) when (IsRefusal(e))
        {
            current.Rollback(BatchSavepoint);
            var refused = FindRefusedRow(writer, current, batch);
            var key = refused?.Key;
            var error = refused?.Error ?? e;
            current.Rollback(BatchSavepoint);
            var where = key is null ? $"the batch of keys {batch.FirstKey} to {batch.LastKey}" : $"the row with key {key}";
            throw Failure(key, null, $"the {plan.Dialect.Name} database refused to write {where}: {error.Message}", error, where);
        }

        current.Release(BatchSavepoint);
        if (own is not null)
        {
            // The checkpoint commits with the batch: after a crash the rerun resumes exactly
            // after the last batch written, so no row is transformed twice and none is skipped.
            _checkpoint?.Save(connection, own, batch.LastKey, rowsDone);
            own.Commit();
        }
    }

    /// <summary>The database refused the write, or the driver refused a value before sending it.</summary>
    private static bool IsRefusal(Exception e) =>
        e is DbException or InvalidCastException or ArgumentException or OverflowException or FormatException;

    private (object Key, Exception Error)? FindRefusedRow(IBatchWriter writer, DbTransaction current, RowBatch batch)
    {
        var single = new RowBatch(1, plan.Targets.Count);
        for (var row = 0; row < batch.Count; row++)
        {
            single.Clear();
            single.Add(batch.Keys[row]);
            for (var column = 0; column < plan.Targets.Count; column++)
                single.Values[column][0] = batch.Values[column][row];

            current.Save(RowSavepoint);
            try
            {
                writer.Write(connection, current, single);
                current.Release(RowSavepoint);
            }
            catch (Exception e) when (IsRefusal(e))
            {
                current.Rollback(RowSavepoint);
                return (batch.Keys[row], e);
            }
        }

        return null;
    }

    private TransformFailedException Failure(object? key, string? column, string what, Exception? inner, string? where = null)
    {
        var expression = plan.Expression;
        var outcome = _online
            ? "Batches before this one were committed (the migration runs without a transaction); this batch was not."
            : "The migration's transaction is rolled back: no row is changed.";
        where ??= $"the row with key {key}";
        return new TransformFailedException(
            $"Transform on {expression.Target} in {expression.Migration} failed on {where}: {what}. {outcome}", inner)
        {
            Migration = expression.Migration,
            Table = expression.TableName,
            Column = column ?? (expression.Columns.Count == 1 ? expression.Columns[0] : null),
            Key = key,
        };
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
