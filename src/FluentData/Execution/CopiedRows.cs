namespace FluentData.Execution;

/// <summary>
/// The target rows one batch of a copy's C# mapping produced, column by column for the
/// database's bulk insert (<see cref="CopyTargetColumns.Columns"/>), with the source rows the
/// batch read: how many, and the first and last of their keys.
/// </summary>
internal sealed class CopiedRows
{
    private object?[][] _values = [];

    /// <summary>Values, one array per target column.</summary>
    public object?[][] Values => _values;

    /// <summary>Target rows.</summary>
    public int Count { get; private set; }

    /// <summary>Source rows read.</summary>
    public int Read { get; set; }

    public object?[]? FirstKey { get; set; }

    public object?[]? LastKey { get; set; }

    /// <summary>
    /// For each target row, which of the batch's source rows (0 for its first) it was inserted for:
    /// a number, not the key, so that a batch keeps no object per row alive until it is written.
    /// </summary>
    public List<int> SourceRows { get; } = [];

    /// <summary>Adds a row whose values go to the given positions among the columns, inserted for the batch's source row <paramref name="sourceRow"/>.</summary>
    public void Add(int[] positions, object?[] values, int sourceRow)
    {
        SourceRows.Add(sourceRow);
        if (_values.Length == 0)
            _values = positions.Select(_ => new object?[16]).ToArray();
        if (Count == _values[0].Length)
        {
            for (var c = 0; c < _values.Length; c++)
                Array.Resize(ref _values[c], Count * 2);
        }

        for (var i = 0; i < values.Length; i++)
            _values[positions[i]][Count] = values[i];
        Count++;
    }

    /// <summary>Target row <paramref name="index"/> alone, column by column.</summary>
    public object?[][] Single(int index) => _values.Select(column => new[] { column[index] }).ToArray();
}
