namespace FluentData.Execution;

/// <summary>
/// Runs the user's function on one row and checks every value it returns against its column.
/// Returns what went wrong instead of throwing it, because a function called by the database
/// (SQLite) must hand its error back through the statement.
/// </summary>
internal sealed class RowTransformer(TransformPlan plan, FailureOutcome outcome)
{
    // Which targets the function returned exactly as read, for the row at hand (one row at a time).
    private readonly bool[] _asRead = new bool[plan.Targets.Count];

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
            return TransformFailures.Failed(plan, outcome, row.Key, null, $"the transform function threw {e.GetType().Name}: {e.Message}", e);
        }

        tally.Read++;
        for (var column = 0; column < into.Length; column++)
        {
            var old = row.ValueAt(plan.TargetTableOrdinals[column]);

            // Returned exactly as read: unchanged, and checked only if the row is written for another target.
            _asRead[column] = into[column] is not null && ReferenceEquals(into[column], old);
            if (_asRead[column])
                continue;

            if (into[column] is Array && MovedArray(row, into, column) is { } moved)
            {
                if (moved.Failure is not null)
                    return moved.Failure;
                if (moved.Changed)
                    changed = true;
                continue;
            }

            if (Check(row, into, column) is { } failure)
                return failure;
            if (Unchanged(plan.Targets[column], old, into[column]))
                continue;
            changed = true;
            if (old is not null && into[column] is null)
                tally.BecameNull[column]++;
        }

        if (plan.Expression is { Reversal: Expressions.ReversalKind.Checked, ReverseFunction: { } reverse } && RoundTrip(row, into, reverse) is { } notBack)
            return notBack;
        if (!changed)
            return null;

        for (var column = 0; column < into.Length; column++)
        {
            if (!_asRead[column])
                continue;

            // A value written back exactly as it was read goes back as the database's own text of it.
            if (plan.Shape.StoredTextOrdinals[column] is var stored && stored >= 0)
                into[column] = row.ValueAt(stored);
            else if (!plan.Dialect.WritesReadValuesExactly && Check(row, into, column) is { } failure)
                return failure;
        }

        if (changed)
        {
            tally.Changed++;
            if (tally.WantsSample)
                tally.Samples!.Add(new DryRunSample(row.Key, plan.TargetTableOrdinals.Select(row.ValueAt).ToArray(), into.ToArray()));
        }

        return null;
    }

    /// <summary>
    /// For a transform a generated <c>Down()</c> will undo with its <c>Reverse</c>: the reverse of
    /// the row as Up leaves it must be the row as it is, or Up is refused (in a transaction, before
    /// anything is kept; online, in a pass before the first write).
    /// </summary>
    private TransformFailedException? RoundTrip(DataRow row, object?[] into, Func<IDataRow, object?> reverse)
    {
        var ordinal = plan.TargetTableOrdinals[0];
        var before = row.ValueAt(ordinal);
        var after = new DataRow(plan.Shape, new OverlaySource(row, ordinal, into[0]));
        object? back;
        try
        {
            back = reverse(after);
        }
        catch (Exception e)
        {
            back = e;
        }

        var coerced = back;
        if (back is not Exception && plan.Dialect.CheckValue(plan.Targets[0], ref coerced) is null && KeyParts.Same(before, coerced))
            return null;

        var target = plan.Targets[0];
        return TransformFailures.Failed(plan, outcome, row.Key, target.Name,
            $"its Reverse(...) does not give the row back: Using turns {ValueConversion.Describe(before)} into {ValueConversion.Describe(into[0])}, " +
            $"and Reverse turns that into {(back is Exception thrown ? $"an exception ({thrown.GetType().Name}: {thrown.Message})" : ValueConversion.Describe(back))}, " +
            "so the generated Down() would not restore the table. Fix Reverse(...), or derive from DataMigration and write Down() yourself", null);
    }

    /// <summary>A row with one column's value replaced: the row as the transform leaves it.</summary>
    private sealed class OverlaySource(DataRow row, int ordinal, object? value) : IRowSource
    {
        public object? Value(int at) => at == ordinal ? value : row.ValueAt(at);
    }

    /// <summary>
    /// An array the function took as read from another target column: a .NET array loses a
    /// PostgreSQL array's bounds, so it is written as that column's own text (which keeps them)
    /// into a column of the same type, and refused into another when it has explicit bounds. Null
    /// when the array is not one read from another target.
    /// </summary>
    private (bool Changed, TransformFailedException? Failure)? MovedArray(DataRow row, object?[] into, int column)
    {
        for (var other = 0; other < into.Length; other++)
        {
            if (other == column || plan.Shape.StoredTextOrdinals[other] < 0 || !ReferenceEquals(into[column], row.ValueAt(plan.TargetTableOrdinals[other])))
                continue;

            var text = (string?)row.ValueAt(plan.Shape.StoredTextOrdinals[other]);
            if (plan.Targets[other].SqlType == plan.Targets[column].SqlType && plan.Shape.StoredTextOrdinals[column] >= 0)
            {
                into[column] = text;
                return (!string.Equals(text, (string?)row.ValueAt(plan.Shape.StoredTextOrdinals[column]), StringComparison.Ordinal), null);
            }

            return text is not null && text.StartsWith('[')
                ? (false, TransformFailures.Failed(plan, outcome, row.Key, plan.Targets[column].Name,
                    $"it moved {text} from '{plan.Targets[other].Name}' ({plan.Targets[other].SqlType}) into '{plan.Targets[column].Name}' ({plan.Targets[column].SqlType}), " +
                    "whose bounds a .NET array cannot keep; move it in SQL (UsingSql)", null))
                : null;
        }

        return null;
    }

    /// <summary>
    /// Whether a value returned is what the column holds, as stored: a numeric without a fixed
    /// scale stores 1.50 and 1.5 differently, a double -0 and 0; other values by their equality.
    /// </summary>
    private static bool Unchanged(Dialects.ColumnSchema target, object? old, object? value) =>
        old is double or float || (old is decimal && target.Scale is null) ? ExactValues.Same(old, value) : KeyParts.Same(old, value);

    /// <summary>Checks one returned value against its column and converts it to what the driver sends.</summary>
    private TransformFailedException? Check(DataRow row, object?[] into, int column)
    {
        var value = into[column];
        var target = plan.Targets[column];
        if (plan.Dialect.CheckValue(target, ref value) is { } problem)
        {
            return TransformFailures.Failed(plan, outcome, row.Key, target.Name,
                $"it returned {ValueConversion.Describe(into[column])} for column '{target.Name}' ({target.SqlType}), which the column cannot hold: {problem}", null);
        }

        into[column] = value;
        return null;
    }
}
