namespace FluentData.Execution;

/// <summary>
/// Runs the user's function on one row and checks every value it returns against its column.
/// Returns what went wrong instead of throwing it, because a function called by the database
/// (SQLite) must hand its error back through the statement.
/// </summary>
internal sealed class RowTransformer(TransformPlan plan, bool online)
{
    /// <summary>Fills <paramref name="into"/> (one slot per target column) with the row's checked new values.</summary>
    public DataMigrationException? TryTransform(DataRow row, object?[] into)
    {
        var expression = plan.Expression;
        try
        {
            if (expression.ValueFunction is { } valueFunction)
            {
                into[0] = valueFunction(row);
            }
            else
            {
                for (var i = 0; i < into.Length; i++)
                    into[i] = row.ValueAt(plan.TargetTableOrdinals[i]);
                expression.RowFunction!(row, new ColumnValues(plan, into));
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

        for (var column = 0; column < into.Length; column++)
        {
            var value = into[column];
            var problem = plan.Dialect.CheckValue(plan.Targets[column], ref value);
            if (problem is not null)
            {
                return TransformFailures.Failed(plan, online, row.Key, plan.Targets[column].Name,
                    $"it returned {ValueConversion.Describe(into[column])} for column '{plan.Targets[column].Name}' ({plan.Targets[column].SqlType}), which the column cannot hold: {problem}", null);
            }

            into[column] = value;
        }

        return null;
    }
}
