namespace FluentData.Execution;

/// <summary>
/// The user's function as a SQL function the database calls once per target column of each row
/// (<c>SET a = f(0, cols...), b = f(1, cols...)</c>): it gets the row's columns as arguments,
/// computes all targets on the first call for a row — whichever target the database asks for
/// first — and answers the row's other calls from that, so the user's function runs exactly once
/// per row. What it cannot return (a throw, a value the column cannot hold) is kept in
/// <see cref="Failure"/> so the caller can raise it with the key once the database has aborted the statement.
/// </summary>
internal sealed class InDatabaseRowFunction(TransformPlan plan, RowTransformer transformer)
{
    private readonly object?[] _values = new object?[plan.Targets.Count];
    private readonly DataRow _row = new(plan.Shape, EmptyRow.Instance);
    private readonly object?[] _key = new object?[plan.Shape.KeyOrdinals.Length];
    private int _answered;

    public DataMigrationException? Failure { get; private set; }

    /// <summary>The SQL call for target <paramref name="target"/>, given the function's name.</summary>
    public string CallFor(string functionName, int target, Func<string, string> quote) =>
        $"{functionName}({(plan.Targets.Count > 1 ? $"{target}, " : "")}{string.Join(", ", plan.Table.Columns.Select(c => quote(c.Name)))})";

    /// <summary>Forgets the last row: called before each statement, which may visit a row an aborted one visited.</summary>
    public void Reset() => _answered = 0;

    /// <summary>The new value of target <paramref name="target"/> for the row the database is updating.</summary>
    public object? Invoke(int target, IRowSource row)
    {
        if (_values.Length > 1 && _answered > 0 && _answered < _values.Length && SameKey(row))
        {
            _answered++;
            return _values[target];
        }

        _row.MoveTo(row);
        Failure = transformer.TryTransform(_row, _values);
        if (Failure is not null)
        {
            _answered = 0;
            throw Failure;
        }

        if (_values.Length > 1)
        {
            for (var i = 0; i < _key.Length; i++)
                _key[i] = row.Value(plan.Shape.KeyOrdinals[i]);
            _answered = 1;
        }

        return _values[target];
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
