using System.Data.Common;

namespace FluentData.Execution;

/// <summary>
/// The batch loop of one transform run: keyset read, user function, value checks, batch write.
/// Memory is bounded by the batch size, whatever the size of the table.
/// </summary>
internal sealed class TransformBatches(TransformPlan plan, DbConnection connection, DbTransaction? transaction, TimeSpan? timeout)
{
    private readonly int _batchSize = plan.Expression.BatchSize;
    private readonly bool _online = transaction is null;

    public (long Rows, int Batches) Run()
    {
        using var writer = plan.Dialect.CreateWriter(plan.Table, plan.Targets);
        var batch = new RowBatch(_batchSize, plan.Targets.Count);
        var rows = new object?[_batchSize][];
        object? after = null;
        long total = 0;
        var batches = 0;

        while (true)
        {
            var count = ReadBatch(rows, after);
            if (count == 0)
                break;

            batch.Clear();
            for (var i = 0; i < count; i++)
                Transform(rows[i]!, batch);

            Write(writer, batch);
            total += count;
            batches++;
            after = batch.LastKey;
            if (count < _batchSize)
                break;
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
        if (timeout is { } t)
            command.CommandTimeout = (int)Math.Ceiling(t.TotalSeconds);
        AddParameter(command, "@limit", _batchSize);
        if (after is not null)
            AddParameter(command, "@after", after);

        var count = 0;
        using var reader = command.ExecuteReader();
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

    private void Write(Dialects.IBatchWriter writer, RowBatch batch)
    {
        // Online (no migration transaction): each batch commits on its own, so a failure
        // keeps the batches before it and loses nothing half-written inside one.
        using var own = _online ? connection.BeginTransaction() : null;
        try
        {
            writer.Write(connection, transaction ?? own, batch);
            own?.Commit();
        }
        catch (DbException e)
        {
            var keys = batch.Count == 1 ? $"the row with key {batch.FirstKey}" : $"the batch of keys {batch.FirstKey} to {batch.LastKey}";
            throw Failure(batch.Count == 1 ? batch.FirstKey : null, null,
                $"the {plan.Dialect.Name} database refused to write {keys}: {e.Message}", e, keys);
        }
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
