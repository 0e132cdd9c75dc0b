using System.Globalization;
using FluentData.Dialects;

namespace FluentData.Execution;

/// <summary>
/// Cuts a table's keys — after a resume point, up to an optional end — into ranges for the
/// statements that work by key range in the database (<c>UsingSql</c>, <c>Map</c>, SQLite's C#
/// function, purges), each range never more than a batch of keys, and finding one never asks the
/// planner to guess a filter's selectivity. With an integer key the database enforces, by key
/// value: the next existing key (one index probe) plus a width that adapts so a range holds about
/// a batch of the rows the statement's filter selects, however sparse the keys. Any other key, by
/// the key of the batch-th row in key order, whatever the filter.
/// </summary>
/// <param name="dialect">The database's dialect.</param>
/// <param name="table">The table.</param>
/// <param name="batchSize">Rows a range should hold.</param>
/// <param name="until">The last key, inclusive, of the part of the table to cut; null to the end.</param>
/// <param name="read">Runs a query for a key with <c>@after</c> (and the given parameters) bound; null when it finds none.</param>
internal sealed class KeyRanges(IDataDialect dialect, TableSchema table, int batchSize, object?[]? until, KeyRanges.KeyReader read)
{
    internal delegate object?[]? KeyReader(string sql, object?[]? after, params (string Name, object? Value)[] more);

    private readonly ColumnSchema? _integerKey = table.KeyColumns is [{ Kind: ValueKind.Integer, TypeEnforced: true } key] ? key : null;
    private readonly (string Name, object? Value)[] _until = [.. Commands.Key("until", until)];
    private long _width = batchSize;
    private object? _lastKnownKey;

    /// <summary>The first existing key of the last range cut by value; null when ranges are cut by rows.</summary>
    public object?[]? RangeStart { get; private set; }

    /// <summary>The key that closes the range after <paramref name="after"/> (null when no row is left), and whether it is the last range.</summary>
    public (object?[]? Upto, bool Last) Next(object?[]? after) => _integerKey is not null ? NextByValue(after) : NextByRows(after);

    /// <summary>After a range: how many of its rows the filter selected, so the next range cut by value holds about a batch.</summary>
    public void Counted(long rows)
    {
        if (_integerKey is null)
            return;
        var ideal = rows == 0 ? _width * 8.0 : (double)_width * batchSize / rows;
        _width = (long)Math.Clamp(ideal, Math.Max(1, _width / 8.0), Math.Min(_width * 8.0, long.MaxValue / 2.0));
    }

    /// <summary>
    /// A range ends at the largest key known, so it names only keys that exist (the largest is
    /// looked up again once a range passes it, for rows added meanwhile).
    /// </summary>
    private (object?[]? Upto, bool Last) NextByValue(object?[]? after)
    {
        if (read(dialect.BuildRangeMin(table, after is not null, until is not null), after, _until) is not [{ } next])
            return (null, true);

        RangeStart = [next];
        var start = Convert.ToInt64(next, CultureInfo.InvariantCulture);
        if (_lastKnownKey is null || start > Convert.ToInt64(_lastKnownKey, CultureInfo.InvariantCulture))
            _lastKnownKey = read(dialect.BuildRangeLast(table, null, afterKey: false, until is not null), null, [.. _until, ("@limit", 1)])![0];
        var largest = Convert.ToInt64(_lastKnownKey, CultureInfo.InvariantCulture);
        var end = Math.Min(start > long.MaxValue - _width ? long.MaxValue : start + _width - 1, largest);

        // A range wider than a batch of keys (grown over sparse rows) could hold many more than a
        // batch where the rows are dense: it ends at the batch-th key after it at the latest, read
        // from the key's index alone (no filter, so no guess at its selectivity).
        if (end - start >= batchSize)
        {
            if (batchSize == 1)
                end = start;
            else if (read(dialect.BuildRangeEnd(table, null, afterKey: true, until is not null), [next], [.. _until, ("@offset", batchSize - 2)]) is [{ } cap]
                && Convert.ToInt64(cap, CultureInfo.InvariantCulture) < end)
                end = Convert.ToInt64(cap, CultureInfo.InvariantCulture);
        }
        return ([Convert.ChangeType(end, _integerKey!.ClrType, CultureInfo.InvariantCulture)], false);
    }

    /// <summary>
    /// A batch of the table's rows, not of the filter's: walking the key's index with the filter
    /// asks the planner how many rows the filter keeps, and a filter it cannot estimate
    /// (<c>id % 2 = 0</c> is guessed at 0.5%) turned the walk into a sequential scan and a sort per
    /// batch. Without it the walk is an index scan of a batch of keys.
    /// </summary>
    private (object?[]? Upto, bool Last) NextByRows(object?[]? after)
    {
        var end = read(dialect.BuildRangeEnd(table, null, after is not null, until is not null), after, [.. _until, ("@offset", batchSize - 1)]);
        return end is not null
            ? (end, false)
            : (read(dialect.BuildRangeLast(table, null, after is not null, until is not null), after, [.. _until, ("@limit", 1)]), true);
    }
}
