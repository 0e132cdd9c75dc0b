namespace FluentData.Execution;

/// <summary>A row read by the keyset query, DBNull already turned into null.</summary>
internal sealed class ArrayRowSource(object?[] values) : IRowSource
{
    public object? Value(int ordinal) => values[ordinal];
}
