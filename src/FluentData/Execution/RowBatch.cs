namespace FluentData.Execution;

/// <summary>
/// One batch as read and transformed: the keys and new values of the rows that changed, column
/// by column so a writer can hand each key column and each target column to the database as one
/// array; the rows as read, whose guard values the write requires to be still in the table; and
/// what was read, which a checkpoint and the next batch go on from.
/// </summary>
internal sealed class RowBatch
{
    public static RowBatch Empty { get; } = new(0, 1, 0);

    public RowBatch(int capacity, int keyCount, int targetCount, TransformTally? tally = null)
    {
        Keys = Columns(keyCount, capacity);
        Values = Columns(targetCount, capacity);
        Rows = new object?[capacity][];
        Tally = tally ?? new TransformTally(targetCount);
    }

    /// <summary>Rows read, changed and so on in this batch.</summary>
    public TransformTally Tally { get; }

    /// <summary>The key of the last row read, changed or not: where the next batch starts.</summary>
    public object?[]? LastReadKey { get; set; }

    /// <summary>Rows read into this batch, changed or not.</summary>
    public int ReadCount => (int)Tally.Read;

    private static object?[][] Columns(int count, int capacity)
    {
        var columns = new object?[count][];
        for (var i = 0; i < count; i++)
            columns[i] = new object?[capacity];
        return columns;
    }

    /// <summary>Key values, one array per key column, rows in ascending key order as the keyset query returned them.</summary>
    public object?[][] Keys { get; }

    /// <summary>New values, one array per target column, indexed like <see cref="Keys"/>.</summary>
    public object?[][] Values { get; }

    /// <summary>Each changed row as read (<see cref="RowShape.Layout"/>), indexed like <see cref="Keys"/>.</summary>
    public object?[][] Rows { get; }

    /// <summary>
    /// What the write requires to be unchanged in the table, by position in a row as read: the row
    /// version where the database has one, else every column read. Set once the batch is transformed.
    /// </summary>
    public RowGuard Guard { get; set; } = RowGuard.None;

    /// <summary>Guard value <paramref name="guard"/> (an index into <see cref="RowGuard.Columns"/>) of row <paramref name="index"/>.</summary>
    public object? GuardAt(int guard, int index) => Rows[index][Guard.Ordinals[guard]];

    public int Count { get; private set; }

    public object?[] FirstKey => KeyAt(0);

    public object?[] LastKey => KeyAt(Count - 1);

    /// <summary>The key of row <paramref name="index"/>, one value per key column.</summary>
    public object?[] KeyAt(int index)
    {
        var key = new object?[Keys.Length];
        for (var i = 0; i < key.Length; i++)
            key[i] = Keys[i][index];
        return key;
    }

    /// <summary>Adds a row read in table order, with its key at <paramref name="keyOrdinals"/>, and its new values.</summary>
    public void Add(object?[] row, int[] keyOrdinals, object?[] values)
    {
        for (var i = 0; i < keyOrdinals.Length; i++)
            Keys[i][Count] = row[keyOrdinals[i]];
        for (var column = 0; column < values.Length; column++)
            Values[column][Count] = values[column];
        Rows[Count] = row;
        Count++;
    }

    /// <summary>Row <paramref name="index"/> alone, as a batch of one.</summary>
    public RowBatch Single(int index)
    {
        var single = new RowBatch(1, Keys.Length, Values.Length) { Guard = Guard };
        for (var i = 0; i < Keys.Length; i++)
            single.Keys[i][0] = Keys[i][index];
        for (var column = 0; column < Values.Length; column++)
            single.Values[column][0] = Values[column][index];
        single.Rows[0] = Rows[index];
        single.Count = 1;
        return single;
    }
}
