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
    private readonly RowBatch _row = new(1, plan.Targets.Count);
    private object? _key;

    public DataMigrationException? Failure { get; private set; }

    /// <summary>The SQL call for target <paramref name="target"/>, given the function's name.</summary>
    public string CallFor(string functionName, int target, Func<string, string> quote) =>
        $"{functionName}({target}, {string.Join(", ", plan.Table.Columns.Select(c => quote(c.Name)))})";

    public object? Invoke(object?[] args)
    {
        var target = Convert.ToInt32(args[0], System.Globalization.CultureInfo.InvariantCulture);
        var values = new object?[args.Length - 1];
        for (var i = 0; i < values.Length; i++)
            values[i] = args[i + 1] is DBNull ? null : args[i + 1];

        var key = values[plan.Shape.KeyOrdinal];
        if (!Equals(key, _key) || _row.Count == 0)
        {
            _row.Clear();
            Failure = transformer.TryTransform(values, _row);
            if (Failure is not null)
                throw Failure;
            _key = key;
        }

        return _row.Values[target][0];
    }
}
