namespace FluentData.Execution;

/// <summary>
/// A row read by the keyset query, DBNull already turned into null. A column the batch did not
/// read holds <see cref="NotRead"/> until the function asks for it and it is fetched.
/// One instance serves every row of a batch (<see cref="MoveTo"/>).
/// </summary>
internal sealed class ArrayRowSource(Action<int> fetch) : IRowSource
{
    public static readonly object NotRead = new();

    private object?[] _values = [];

    public void MoveTo(object?[] row) => _values = row;

    public object? Value(int ordinal)
    {
        if (ReferenceEquals(_values[ordinal], NotRead))
            fetch(ordinal);
        return _values[ordinal];
    }
}
