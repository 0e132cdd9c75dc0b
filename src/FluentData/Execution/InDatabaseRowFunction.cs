namespace FluentData.Execution;

/// <summary>
/// The user's function as two SQL functions the database calls for each row of a range update
/// (<c>SET a = f(0, cols...), b = f(1, cols...) WHERE ... AND changed(cols...)</c>). The WHERE
/// clause calls <see cref="Changed"/>, which runs the user's function once for the row, checks and
/// keeps its values, counts the row, and tells whether any target changes — so a row left as it was
/// is not written. The SET clause then asks for each target's value (<see cref="Invoke"/>), in
/// whatever order the database evaluates them, and gets the kept ones. What the function cannot
/// return (a throw, a value the column cannot hold) is kept in <see cref="Failure"/> so the caller
/// can raise it with the key once the database has aborted the statement.
/// </summary>
internal sealed class InDatabaseRowFunction(TransformPlan plan, RowTransformer transformer, bool sampling)
{
    private readonly object?[] _values = new object?[plan.Targets.Count];
    private readonly DataRow _row = new(plan.Shape, EmptyRow.Instance);
    private readonly object?[] _key = new object?[plan.Shape.KeyOrdinals.Length];
    private int _pending;

    public DataMigrationException? Failure { get; private set; }

    /// <summary>What the calls since the last <see cref="TakeTally"/> read and changed.</summary>
    public TransformTally Tally { get; private set; } = new(plan.Targets.Count, sampling);

    public TransformTally TakeTally()
    {
        var tally = Tally;
        Tally = new TransformTally(plan.Targets.Count, sampling);
        return tally;
    }

    /// <summary>The SQL call for target <paramref name="target"/>, given the function's name.</summary>
    public string CallFor(string functionName, int target, Func<string, string> quote) =>
        $"{functionName}({(plan.Targets.Count > 1 ? $"{target}, " : "")}{Arguments(quote)})";

    /// <summary>The SQL call that tells whether the row changes, given that function's name.</summary>
    public string ChangedCall(string functionName, Func<string, string> quote) => $"{functionName}({Arguments(quote)})";

    private string Arguments(Func<string, string> quote) => string.Join(", ", plan.Table.Columns.Select(c => quote(c.Name)));

    /// <summary>Forgets the last row: called before each statement, which may visit a row an aborted one visited.</summary>
    public void Reset() => _pending = 0;

    /// <summary>Runs the user's function for the row and tells whether any target changes; the SET clause's calls get the values.</summary>
    public bool Changed(IRowSource row)
    {
        _pending = 0;
        _row.MoveTo(row);
        Failure = transformer.TryTransform(_row, _values, Tally, out var changed);
        if (Failure is not null)
            throw Failure;
        if (!changed)
            return false;

        for (var i = 0; i < _key.Length; i++)
            _key[i] = row.Value(plan.Shape.KeyOrdinals[i]);
        _pending = _values.Length;
        return true;
    }

    /// <summary>The new value of target <paramref name="target"/> for the row the database is updating.</summary>
    public object? Invoke(int target, IRowSource row)
    {
        if (_pending > 0 && SameKey(row))
        {
            _pending--;
            return _values[target];
        }

        // Called without the WHERE clause's call (a single row retried to find a refused one).
        _row.MoveTo(row);
        Failure = transformer.TryTransform(_row, _values, new TransformTally(_values.Length), out _);
        return Failure is null ? _values[target] : throw Failure;
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
