using System.Data.Common;
using FluentData.Dialects;

namespace FluentData.Execution;

/// <summary>
/// A transform the database evaluates itself: one set-based UPDATE per key range, with the
/// value given as SQL (<c>UsingSql</c>, <c>Map</c>) or as a call to the user's function
/// registered in the database (SQLite). Each UPDATE writes only the rows whose value changes:
/// <c>col IS DISTINCT FROM (value)</c> for SQL values, the function's own comparison for C# —
/// which costs a second call per row, so after a range where most rows changed the next range is
/// written whole in one call per row (its unchanged rows get their own value back), and it goes
/// back to skipping once few rows change. A SQL value on SQLite does the same with a
/// <see cref="IChangeCounter"/>: evaluating the value twice costs more there than writing a row.
/// Ranges keep online migrations committing batch by batch.
/// </summary>
internal sealed class RangeUpdates(
    TransformPlan plan,
    DbConnection connection,
    DbTransaction? transaction,
    TransformRunSettings settings,
    BatchTransactions transactions,
    IReadOnlyList<string> values,
    string changedCondition,
    InDatabaseRowFunction? function,
    IReadOnlyList<(string Name, object? Value)>? valueParameters = null,
    IChangeCounter? counter = null)
{
    private readonly (string Name, object? Value)[] _valueParameters = valueParameters?.ToArray() ?? [];

    private readonly BatchTransactions _transactions = transactions;
    private readonly ColumnSchema? _integerKey = plan.Table.KeyColumns is [{ Kind: ValueKind.Integer, TypeEnforced: true } key] ? key : null;
    private long _width = plan.BatchSize;
    private object? _lastKnownKey;
    private object?[]? _rangeStart;
    private double _changedShare;

    // The end of the part of the table this run covers, when several connections share it; null to the end.
    private object?[]? _until;
    private readonly List<(ColumnSchema Column, string Value)> _assignments = plan.Targets.Select((c, i) => (c, values[i])).ToList();

    // The same assignment through the change counter, for ranges written whole, and the counter's
    // WHERE condition for ranges that skip unchanged rows (one transform, one SQL value).
    private readonly List<(ColumnSchema Column, string Value)>? _counted = counter is null ? null
        : [(plan.Targets[0], counter.Counted(plan.Dialect.Quote(plan.Targets[0].Name), SqlText.Grouped(values[0])))];

    private readonly string _changedCondition = counter is null ? changedCondition
        : plan.Expression.Filter is { } filter
            ? $"CASE WHEN {SqlText.Grouped(filter)} THEN {counter.Differs(plan.Dialect.Quote(plan.Targets[0].Name), SqlText.Grouped(values[0]))} ELSE 0 END"
            : counter.Differs(plan.Dialect.Quote(plan.Targets[0].Name), SqlText.Grouped(values[0]));

    /// <summary>Runs every range, adding what it reads and changes to <paramref name="total"/>; returns the ranges written.</summary>
    public int Run(TransformTally total, ProgressReporter progress)
    {
        var after = _transactions.ResumeAfter(plan.Table);
        _until = _transactions.Until(plan.Table);
        var batches = 0;

        while (true)
        {
            settings.Cancellation.ThrowIfCancellationRequested();
            var (upto, last) = _integerKey is not null ? NextIntegerRange(after) : NextRangeEnd(after);
            if (upto is null)
                break;

            var tally = Update(after, upto);
            batches++;
            AdaptWidth(tally.Read);
            if (tally.Read > 0)
                _changedShare = (double)tally.Changed / tally.Read;
            lock (total)
            {
                total.Add(tally);
                progress.Report(total, completed: false);
            }

            if (last)
                break;

            after = upto;
            if (plan.Expression.Throttle is { } pause)
                settings.Cancellation.WaitHandle.WaitOne(pause);
        }

        return batches;
    }

    /// <summary>
    /// With an integer key the database enforces, ranges are cut by key value: the next existing
    /// key (one index probe) plus a width, so finding a range never walks the rows in it. The
    /// width adapts so a range holds about a batch of rows, however sparse the keys or selective
    /// the filter. A range ends at the largest key known, so it names only keys that exist (the
    /// largest is looked up again once a range passes it, for rows added meanwhile).
    /// </summary>
    private (object?[]? Upto, bool Last) NextIntegerRange(object?[]? after)
    {
        if (Read(plan.Dialect.BuildRangeMin(plan.Table, after is not null, _until is not null), after) is not [{ } next])
            return (null, true);

        _rangeStart = [next];
        var start = Convert.ToInt64(next, System.Globalization.CultureInfo.InvariantCulture);
        if (_lastKnownKey is null || start > Convert.ToInt64(_lastKnownKey, System.Globalization.CultureInfo.InvariantCulture))
            _lastKnownKey = Read(plan.Dialect.BuildRangeLast(plan.Table, null, afterKey: false, _until is not null), null, ("@limit", 1))![0];
        var largest = Convert.ToInt64(_lastKnownKey, System.Globalization.CultureInfo.InvariantCulture);
        var end = start > long.MaxValue - _width ? long.MaxValue : start + _width - 1;
        return ([Convert.ChangeType(Math.Min(end, largest), _integerKey!.ClrType, System.Globalization.CultureInfo.InvariantCulture)], false);
    }

    private void AdaptWidth(long rows)
    {
        if (_integerKey is null || rows == 0)
            return;
        var ideal = (double)_width * plan.BatchSize / rows;
        _width = (long)Math.Clamp(ideal, Math.Max(1, _width / 8.0), Math.Min(_width * 8.0, long.MaxValue / 2.0));
    }

    /// <summary>The key that closes the next range of at most a batch (by counting rows), and whether it is the last range.</summary>
    private (object?[]? Upto, bool Last) NextRangeEnd(object?[]? after)
    {
        var end = Read(plan.Dialect.BuildRangeEnd(plan.Table, plan.Expression.Filter, after is not null, _until is not null), after, ("@offset", plan.BatchSize - 1));
        return end is not null
            ? (end, false)
            : (Read(plan.Dialect.BuildRangeLast(plan.Table, plan.Expression.Filter, after is not null, _until is not null), after, ("@limit", 1)), true);
    }

    /// <summary>Updates one range; online, commits it with its checkpoint.</summary>
    private TransformTally Update(object?[]? after, object?[] upto)
    {
        var tally = new TransformTally(plan.Targets.Count, settings.DryRun);
        try
        {
            _transactions.RetryingConflicts(plan.Dialect, () => _transactions.Write(tx =>
            {
                tally.Set(new TransformTally(plan.Targets.Count, settings.DryRun));
                function?.Reset();
                counter?.TakeCounts();
                if (function is null && counter is null)
                    tally.Read = Count(plan.Dialect.BuildRangeCount(plan.Table, plan.Expression.Filter, after is not null), tx, after, upto);
                if (function is null && settings.DryRun)
                    Preview(tally, tx, after, upto);

                var whole = (function is not null || _counted is not null) && _changedShare >= WholeRangeShare;
                var changed = Execute(plan.Dialect.BuildRangeUpdate(plan.Table, whole && _counted is not null ? _counted : _assignments, plan.Expression.Filter,
                    after is not null, whole ? null : _changedCondition), tx, [.. Commands.Key("after", after), .. Commands.Key("upto", upto), .. _valueParameters]);
                if (function is not null)
                    tally.Add(function.TakeTally());
                else if (counter is not null)
                    (tally.Read, tally.Changed) = counter.TakeCounts();
                else
                    tally.Changed = changed;
            }, upto, tally));
            return tally;
        }
        catch (DbException e) when (plan.Dialect.IsConflict(e))
        {
            throw TransformFailures.Conflict(plan, _transactions.Outcome, RangeName(after, upto), e);
        }
        catch (Exception e) when (TransformFailures.IsRefusal(e))
        {
            if (function?.Failure is { } failure)
                throw failure;

            var row = _transactions.Locate(
                tx => KeysIn(tx, after, upto),
                key => key,
                (key, tx) =>
                {
                    function?.Reset();
                    Execute(plan.Dialect.BuildKeyUpdate(plan.Table, _assignments), tx, [.. Commands.Key("key", key), .. _valueParameters]);
                },
                plan.Dialect.FailedStatementAbortsTransaction && e is DbException);
            if (function?.Failure is { } found)
                throw found;
            throw TransformFailures.Refused(plan, _transactions.Outcome, RangeName(after, upto), row, e);
        }
    }

    private string RangeName(object?[]? after, object?[] upto) =>
        _rangeStart is { } first ? TransformFailures.Range(plan, first, upto, inclusive: true) : TransformFailures.Range(plan, after, upto, inclusive: false);

    /// <summary>
    /// The share of changed rows in a range above which the next range is written whole (where that
    /// is cheaper: SQLite): a second call per row, or a second evaluation of the value, costs about
    /// as much as rewriting a row SQLite would skip when a third of the rows change
    /// (bench/README.md); half keeps rewrites of unchanged rows rare.
    /// </summary>
    private const double WholeRangeShare = 0.5;

    /// <summary>
    /// In a dry run, before the range is written: the first changes it will make, and the values
    /// it will turn into NULL, read from the database with the same SQL value.
    /// </summary>
    private void Preview(TransformTally tally, DbTransaction? tx, object?[]? after, object?[] upto)
    {
        var (column, value) = _assignments[0];
        if (tally.WantsSample)
        {
            using var command = Command(plan.Dialect.BuildRangeChanges(plan.Table, column, value, plan.Expression.Filter, after is not null), tx,
                [.. Commands.Key("after", after), .. Commands.Key("upto", upto), .. _valueParameters, ("@limit", TransformTally.SampleSize - tally.Samples!.Count)]);
            using var reader = command.ExecuteReader();
            var keys = plan.Table.KeyColumns.Count;
            while (reader.Read())
            {
                var key = Enumerable.Range(0, keys).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i)).ToArray();
                tally.Samples!.Add(new DryRunSample(KeyParts.ToRowKey(plan.Table, key),
                    [reader.IsDBNull(keys) ? null : reader.GetValue(keys)], [reader.IsDBNull(keys + 1) ? null : reader.GetValue(keys + 1)]));
            }
        }

        var becameNull = $"{plan.Dialect.Quote(column.Name)} IS NOT NULL AND {SqlText.Grouped(value)} IS NULL";
        tally.BecameNull[0] = Count(plan.Dialect.BuildRangeCount(plan.Table, plan.Expression.Filter is { } f ? $"{SqlText.Grouped(f)} AND {becameNull}" : becameNull, after is not null), tx, after, upto);
    }

    private long Count(string sql, DbTransaction? tx, object?[]? after, object?[] upto)
    {
        using var command = Command(sql, tx, [.. Commands.Key("after", after), .. Commands.Key("upto", upto), .. _valueParameters]);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The keys of one range, read only to find a refused row; the range holds at most a batch.</summary>
    private List<object?[]> KeysIn(DbTransaction? tx, object?[]? after, object?[] upto)
    {
        using var command = Command(plan.Dialect.BuildRangeKeys(plan.Table, plan.Expression.Filter, after is not null), tx,
            [.. Commands.Key("after", after), .. Commands.Key("upto", upto)]);
        using var reader = command.ExecuteReader();
        var keys = new List<object?[]>();
        while (reader.Read())
            keys.Add(KeyParts.FromReader(reader));
        return keys;
    }

    /// <summary>The key in the first row of a query's result, or null when it has none.</summary>
    private object?[]? Read(string sql, object?[]? after, params (string Name, object? Value)[] more)
    {
        using var command = Command(sql, transaction, [.. Commands.Key("after", after), .. Commands.Key("until", _until), .. more]);
        try
        {
            return KeyParts.ReadFirst(command);
        }
        catch (DbException e)
        {
            throw TransformFailures.Unreadable(plan, e);
        }
    }

    private int Execute(string sql, DbTransaction? tx, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, tx, parameters);
        return command.ExecuteNonQuery();
    }

    private DbCommand Command(string sql, DbTransaction? tx, (string Name, object? Value)[] parameters) =>
        Commands.Create(connection, tx, sql, settings.CommandTimeout, parameters);
}
