namespace FluentData.Execution;

/// <summary>
/// The user's function as a SQL function the database calls once per target column of each row
/// (<c>SET a = f(0, cols...), b = f(1, cols...)</c>): it gets the row's columns as arguments,
/// computes all targets on the first call for a row and answers the others from that. What it
/// cannot return (a throw, a value the column cannot hold) is kept in <see cref="Failure"/> so
/// the caller can raise it with the key once the database has aborted the statement.
/// </summary>
internal sealed class InDatabaseRowFunction(TransformPlan plan, RowTransformer transformer)
{
    private readonly object?[] _values = new object?[plan.Targets.Count];
    private readonly DataRow _row = new(plan.Shape, EmptyRow.Instance);
    private object? _key;

    public DataMigrationException? Failure { get; private set; }

    /// <summary>The SQL call for target <paramref name="target"/>, given the function's name.</summary>
    public string CallFor(string functionName, int target, Func<string, string> quote) =>
        $"{functionName}({(plan.Targets.Count > 1 ? $"{target}, " : "")}{string.Join(", ", plan.Table.Columns.Select(c => quote(c.Name)))})";

    /// <summary>The new value of target <paramref name="target"/> for the row the database is updating.</summary>
    public object? Invoke(int target, IRowSource row)
    {
        // With one target every call is a new row; with several, the first call for a row
        // computes them all and the others are answered from that.
        if (_values.Length > 1)
        {
            var key = row.Value(plan.Shape.KeyOrdinal);
            if (target > 0 && Equals(key, _key))
                return _values[target];
            _key = key;
        }

        _row.MoveTo(row);
        Failure = transformer.TryTransform(_row, _values);
        if (Failure is not null)
        {
            _key = null;
            throw Failure;
        }

        return _values[target];
    }
}

/// <summary>The values of no row yet.</summary>
file sealed class EmptyRow : IRowSource
{
    public static readonly EmptyRow Instance = new();

    public object? Value(int ordinal) => null;
}
