using FluentData.Expressions;

namespace FluentData.Syntax;

/// <summary>Implements every step of the copy syntax by filling one <see cref="CopyExpression"/>.</summary>
internal sealed class CopyExpressionBuilder(CopyExpression expression) : ICopyToOrInSchemaSyntax, ICopyMappingSyntax, ICopyOptionsSyntax
{
    public ICopyToSyntax InSchema(string schemaName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(schemaName);
        expression.SchemaName = schemaName;
        return this;
    }

    public ICopyMappingSyntax To(string targetTable)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(targetTable);
        expression.TargetTable = targetTable;
        return this;
    }

    public ICopyOptionsSyntax Columns(params (string Target, string Sql)[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        expression.SqlColumns = columns;
        return this;
    }

    public ICopyOptionsSyntax Using(Func<IDataRow, object?> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        expression.RowFunction = (row, insert) =>
        {
            if (map(row) is { } target)
                insert(target);
        };
        return this;
    }

    public ICopyOptionsSyntax Using(Action<IDataRow, Action<object>> split)
    {
        ArgumentNullException.ThrowIfNull(split);
        expression.RowFunction = split;
        return this;
    }

    public ICopyOptionsSyntax Using<TSource>(Func<TSource, object?> map)
        where TSource : class
    {
        ArgumentNullException.ThrowIfNull(map);
        return Using<TSource>((source, insert) =>
        {
            if (map(source) is { } target)
                insert(target);
        });
    }

    public ICopyOptionsSyntax Using<TSource>(Action<TSource, Action<object>> split)
        where TSource : class
    {
        ArgumentNullException.ThrowIfNull(split);
        expression.RowFunction = Execution.TypedSource.Map(expression, split);
        return this;
    }

    public ICopyOptionsSyntax Where(string sqlPredicate)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sqlPredicate);
        expression.Filter = sqlPredicate;
        return this;
    }

    public ICopyOptionsSyntax InBatchesOf(int rows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        expression.BatchSize = rows;
        return this;
    }

    public ICopyOptionsSyntax ThrottleBy(TimeSpan pauseBetweenBatches)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pauseBetweenBatches, TimeSpan.Zero);
        expression.Throttle = pauseBetweenBatches;
        return this;
    }
}
