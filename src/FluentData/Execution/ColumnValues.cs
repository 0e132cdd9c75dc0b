namespace FluentData.Execution;

/// <summary>The new values of one row in a multi-column transform; each starts as the current value.</summary>
internal sealed class ColumnValues(TransformPlan plan, object?[] values) : IColumnValues
{
    public object? this[string column]
    {
        get => values[plan.TargetOrdinalOf(column)];
        set => values[plan.TargetOrdinalOf(column)] = value;
    }
}
