namespace FluentData.Execution;

/// <summary>
/// The user's function as two SQL functions a range update calls: <see cref="Changed"/> in the
/// WHERE clause (<c>... AND changed(cols...)</c>) runs the user's function once for the row,
/// checks and keeps its values, counts the row, and tells whether any target changes — so a row
/// left as it was is not written; <see cref="Invoke"/> in the SET clause
/// (<c>SET a = f(0, cols...), b = f(1, cols...)</c>) gives each target's kept value, in whatever
/// order the database asks. SQLite evaluates the WHERE clause for every row of the statement
/// before any SET when the table has triggers, so kept values wait by key until asked for. Without
/// the WHERE call (a range where most rows change is written whole), <see cref="Invoke"/> runs the
/// function itself, once per row. What the function cannot return (a throw, a value the column
/// cannot hold) is kept in <see cref="Failure"/> so the caller can raise it with the key once the
/// database has aborted the statement.
/// </summary>
internal sealed class InDatabaseRowFunction(TransformPlan plan, RowTransformer transformer, bool sampling)
{
    private readonly int _targets = plan.Targets.Count;
    private readonly DataRow _row = new(plan.Shape, EmptyRow.Instance);

    // The last row computed and how many of its targets the SET clause has yet to ask for; rows
    // computed before it that are still waiting (two-pass statements) are kept by key.
    private object?[] _values = new object?[plan.Targets.Count];
    private object?[] _key = new object?[plan.Shape.KeyOrdinals.Length];
    private int _remaining;
    private Dictionary<object?[], (object?[] Values, int Remaining)>? _waiting;

    public DataMigrationException? Failure { get; private set; }

    /// <summary>What the calls since the last <see cref="TakeTally"/> read and changed.</summary>
    public TransformTally Tally { get; private set; } = new(plan.Targets.Count, sampling);

    public TransformTally TakeTally()
    {
        var tally = Tally;
        Tally = new TransformTally(_targets, sampling);
        return tally;
    }

    /// <summary>The SQL call for target <paramref name="target"/>, given the function's name.</summary>
    public string CallFor(string functionName, int target, Func<string, string> quote) =>
        $"{functionName}({(_targets > 1 ? $"{target}, " : "")}{Arguments(quote)})";

    /// <summary>The SQL call that tells whether the row changes, given that function's name.</summary>
    public string ChangedCall(string functionName, Func<string, string> quote) => $"{functionName}({Arguments(quote)})";

    private string Arguments(Func<string, string> quote) => string.Join(", ", plan.Table.Columns.Select(c => quote(c.Name)));

    /// <summary>Forgets every row: called before each statement, which may visit a row an aborted one visited.</summary>
    public void Reset()
    {
        _remaining = 0;
        _waiting?.Clear();
    }

    /// <summary>Runs the user's function for the row and tells whether any target changes; the SET clause's calls get the values.</summary>
    public bool Changed(IRowSource row)
    {
        if (_remaining > 0)
        {
            (_waiting ??= new Dictionary<object?[], (object?[], int)>(KeyParts.Comparer))[_key] = (_values, _remaining);
            (_key, _values, _remaining) = (new object?[_key.Length], new object?[_targets], 0);
        }

        if (!Compute(row, Tally))
            return false;
        _remaining = _targets;
        return true;
    }

    /// <summary>The new value of target <paramref name="target"/> for the row the database is updating.</summary>
    public object? Invoke(int target, IRowSource row)
    {
        if (_remaining > 0 && SameKey(row))
        {
            _remaining--;
            return _values[target];
        }

        if (_waiting is { Count: > 0 } && _waiting.TryGetValue(KeyOf(row), out var waiting))
        {
            if (--waiting.Remaining == 0)
                _waiting.Remove(KeyOf(row));
            else
                _waiting[KeyOf(row)] = waiting;
            return waiting.Values[target];
        }

        // No WHERE call came first: the statement writes every row of its range.
        Compute(row, Tally);
        _remaining = _targets - 1;
        return _values[target];
    }

    /// <summary>Runs the user's function for the row into the current slot; throws what it cannot return.</summary>
    private bool Compute(IRowSource row, TransformTally tally)
    {
        _row.MoveTo(row);
        Failure = transformer.TryTransform(_row, _values, tally, out var changed);
        if (Failure is not null)
        {
            _remaining = 0;
            throw Failure;
        }

        for (var i = 0; i < _key.Length; i++)
            _key[i] = row.Value(plan.Shape.KeyOrdinals[i]);
        return changed;
    }

    private object?[] KeyOf(IRowSource row)
    {
        var key = new object?[_key.Length];
        for (var i = 0; i < key.Length; i++)
            key[i] = row.Value(plan.Shape.KeyOrdinals[i]);
        return key;
    }

    private bool SameKey(IRowSource row)
    {
        for (var i = 0; i < _key.Length; i++)
        {
            if (!KeyParts.Same(_key[i], row.Value(plan.Shape.KeyOrdinals[i])))
                return false;
        }

        return true;
    }
}

/// <summary>The values of no row yet.</summary>
file sealed class EmptyRow : IRowSource
{
    public static readonly EmptyRow Instance = new();

    public object? Value(int ordinal) => null;
}
