namespace FluentData.Execution;

/// <summary>
/// A row read by the keyset query, DBNull already turned into null. A column the batch did not
/// read holds <see cref="NotRead"/> until the function asks for it and it is fetched.
/// </summary>
internal sealed class ArrayRowSource(object?[] values, Action<int> fetch) : IRowSource
{
    public static readonly object NotRead = new();

    public object? Value(int ordinal)
    {
        if (ReferenceEquals(values[ordinal], NotRead))
            fetch(ordinal);
        return values[ordinal];
    }
}
