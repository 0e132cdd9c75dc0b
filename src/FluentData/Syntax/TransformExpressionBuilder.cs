using FluentData.Expressions;

namespace FluentData.Syntax;

/// <summary>Implements every step of the transform syntax by filling one <see cref="TransformExpression"/>.</summary>
internal sealed class TransformExpressionBuilder(TransformExpression expression)
    : ITransformColumnOrInSchemaSyntax, ITransformUsingSyntax, ITransformReverseSyntax, ITransformMapSyntax
{
    public ITransformColumnSyntax InSchema(string schemaName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(schemaName);
        expression.SchemaName = schemaName;
        return this;
    }

    public ITransformUsingSyntax Column(string columnName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(columnName);
        expression.Columns.Add(columnName);
        return this;
    }

    public ITransformColumnsUsingSyntax Columns(params string[] columnNames)
    {
        ArgumentNullException.ThrowIfNull(columnNames);
        if (columnNames.Length == 0)
            throw new ArgumentException("Name at least one target column.", nameof(columnNames));
        foreach (var name in columnNames)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name, nameof(columnNames));
            expression.Columns.Add(name);
        }

        return this;
    }

    public ITransformReverseSyntax Using(Func<IDataRow, object?> transform)
    {
        ArgumentNullException.ThrowIfNull(transform);
        expression.ValueFunction = transform;
        return this;
    }

    public ITransformOptionsSyntax Reverse(Func<IDataRow, object?> inverse)
    {
        ArgumentNullException.ThrowIfNull(inverse);
        expression.ReverseFunction = inverse;
        return this;
    }

    public ITransformMapSyntax Map(IReadOnlyDictionary<object, object?> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        expression.ValueMap = map.ToDictionary(p => p.Key, p => p.Value);
        return this;
    }

    public ITransformOptionsSyntax Otherwise(object? value)
    {
        expression.HasMapDefault = true;
        expression.MapDefault = value;
        return this;
    }

    public ITransformOptionsSyntax Using(Action<IDataRow, IColumnValues> transform)
    {
        ArgumentNullException.ThrowIfNull(transform);
        expression.RowFunction = transform;
        return this;
    }

    public ITransformOptionsSyntax Using<T>(Action<T> transform)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(transform);
        expression.TypedFunction = new Execution.TypedTransform<T>(row =>
        {
            transform(row);
            return row;
        });
        return this;
    }

    public ITransformOptionsSyntax Using<T>(Func<T, T> transform)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(transform);
        expression.TypedFunction = new Execution.TypedTransform<T>(transform);
        return this;
    }

    public ITransformOptionsSyntax UsingSql(string sqlExpression)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sqlExpression);
        expression.SqlExpression = sqlExpression;
        return this;
    }

    public ITransformOptionsSyntax Where(string sqlPredicate)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sqlPredicate);
        expression.Filter = sqlPredicate;
        return this;
    }

    public ITransformOptionsSyntax ThrottleBy(TimeSpan pauseBetweenBatches)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pauseBetweenBatches, TimeSpan.Zero);
        expression.Throttle = pauseBetweenBatches;
        return this;
    }

    public ITransformOptionsSyntax InParallel(int connections)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(connections, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(connections, TransformExpression.MaxParallelism);
        expression.Parallelism = connections;
        return this;
    }

    public ITransformOptionsSyntax InBatchesOf(int rows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        expression.BatchSize = rows;
        return this;
    }
}
