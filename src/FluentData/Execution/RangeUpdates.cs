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
    private double _changedShare;
    private KeyRanges? _ranges;

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
        _ranges = new KeyRanges(plan.Dialect, plan.Table, plan.BatchSize, _transactions.Until(plan.Table), Read);
        var batches = 0;

        while (true)
        {
            settings.Cancellation.ThrowIfCancellationRequested();
            var (upto, last) = _ranges.Next(after);
            if (upto is null)
                break;

            var tally = Update(after, upto);
            batches++;
            _ranges.Counted(tally.Read);
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
        _ranges?.RangeStart is { } first ? TransformFailures.Range(plan, first, upto, inclusive: true) : TransformFailures.Range(plan, after, upto, inclusive: false);

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
    private object?[]? Read(string sql, object?[]? after, params (string Name, object? Value)[] more) =>
        TransformFailures.Reading(plan, () => KeyParts.ReadFirst(connection, transaction, settings.CommandTimeout, sql, after, more));

    private int Execute(string sql, DbTransaction? tx, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, tx, parameters);
        return command.ExecuteNonQuery();
    }

    private DbCommand Command(string sql, DbTransaction? tx, (string Name, object? Value)[] parameters) =>
        Commands.Create(connection, tx, sql, settings.CommandTimeout, parameters);
}
