namespace FluentData.Execution;

/// <summary>
/// Runs the user's function on one row and checks every value it returns against its column.
/// Returns what went wrong instead of throwing it, because a function called by the database
/// (SQLite) must hand its error back through the statement.
/// </summary>
internal sealed class RowTransformer(TransformPlan plan, bool online)
{
    /// <summary>
    /// Fills <paramref name="into"/> (one slot per target column) with the row's checked new values,
    /// and counts the row in <paramref name="tally"/>: read, and changed when a target's new value
    /// differs from its current one. Returns whether it changed.
    /// </summary>
    public DataMigrationException? TryTransform(DataRow row, object?[] into, TransformTally tally, out bool changed)
    {
        changed = false;
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
        catch (Exception e) when (e is TableSchemaException or TransformFailedException)
        {
            // FluentData's own errors on the way (an unknown column, a value a fetch could not
            // read): already named, with their own row.
            return (DataMigrationException)e;
        }
        catch (Exception e)
        {
            return TransformFailures.Failed(plan, online, row.Key, null, $"the transform function threw {e.GetType().Name}: {e.Message}", e);
        }

        tally.Read++;
        for (var column = 0; column < into.Length; column++)
        {
            var old = row.ValueAt(plan.TargetTableOrdinals[column]);
            var asRead = into[column] is not null && ReferenceEquals(into[column], old);

            // A value written back exactly as it was read goes back as the database's own text of it.
            if (asRead && plan.Shape.StoredTextOrdinals[column] is var stored && stored >= 0)
                into[column] = row.ValueAt(stored);

            var value = into[column];
            var problem = plan.Dialect.CheckValue(plan.Targets[column], ref value);
            if (problem is not null)
            {
                return TransformFailures.Failed(plan, online, row.Key, plan.Targets[column].Name,
                    $"it returned {ValueConversion.Describe(into[column])} for column '{plan.Targets[column].Name}' ({plan.Targets[column].SqlType}), which the column cannot hold: {problem}", null);
            }

            into[column] = value;
            if (asRead || KeyParts.Same(old, value))
                continue;
            changed = true;
            if (old is not null && value is null)
                tally.BecameNull[column]++;
        }

        if (changed)
        {
            tally.Changed++;
            if (tally.WantsSample)
                tally.Samples!.Add(new DryRunSample(row.Key, plan.TargetTableOrdinals.Select(row.ValueAt).ToArray(), into.ToArray()));
        }

        return null;
    }
}
