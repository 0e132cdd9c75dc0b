namespace FluentData.Execution;

/// <summary>
/// Runs the user's function on one row and checks every value it returns against its column.
/// Returns what went wrong instead of throwing it, because a function called by the database
/// (SQLite) must hand its error back through the statement.
/// </summary>
internal sealed class RowTransformer(TransformPlan plan, bool online)
{
    public DataMigrationException? TryTransform(object?[] values, RowBatch batch)
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
        catch (TableSchemaException e)
        {
            return e;
        }
        catch (Exception e)
        {
            return TransformFailures.Failed(plan, online, row.Key, null, $"the transform function threw {e.GetType().Name}: {e.Message}", e);
        }

        for (var column = 0; column < newValues.Length; column++)
        {
            var value = newValues[column];
            var problem = ColumnValueCoercion.TryCoerce(plan.Targets[column], ref value);
            if (problem is not null)
            {
                return TransformFailures.Failed(plan, online, row.Key, plan.Targets[column].Name,
                    $"it returned {ValueConversion.Describe(newValues[column])} for column '{plan.Targets[column].Name}' ({plan.Targets[column].DataType}), which the column cannot hold: {problem}", null);
            }

            batch.Values[column][index] = value;
        }

        return null;
    }
}
