namespace FluentData.Execution;

/// <summary>
/// The keys and new values of one batch, column by column so a writer can hand each column to
/// the database as one array.
/// </summary>
internal sealed class RowBatch
{
    public static RowBatch Empty { get; } = new(0, 0);

    public RowBatch(int capacity, int targetCount)
    {
        Keys = new object[capacity];
        Values = new object?[targetCount][];
        for (var i = 0; i < targetCount; i++)
            Values[i] = new object?[capacity];
    }

    /// <summary>Keys in ascending order, as the keyset query returned them.</summary>
    public object[] Keys { get; }

    /// <summary>New values, one array per target column, indexed like <see cref="Keys"/>.</summary>
    public object?[][] Values { get; }

    public int Count { get; private set; }

    public object FirstKey => Keys[0];

    public object LastKey => Keys[Count - 1];

    public int Add(object key)
    {
        Keys[Count] = key;
        return Count++;
    }

    public void Add(object key, object?[] values)
    {
        Keys[Count] = key;
        for (var column = 0; column < values.Length; column++)
            Values[column][Count] = values[column];
        Count++;
    }

    /// <summary>Row <paramref name="index"/> alone, as a batch of one.</summary>
    public RowBatch Single(int index)
    {
        var single = new RowBatch(1, Values.Length);
        single.Add(Keys[index]);
        for (var column = 0; column < Values.Length; column++)
            single.Values[column][0] = Values[column][index];
        return single;
    }
}
