using System.Data.Common;
using FluentData.Dialects;

namespace FluentData.Execution;

/// <summary>
/// A transform the database evaluates itself: one set-based UPDATE per key range, with the
/// value given as SQL (<c>UsingSql</c>) or as a call to the user's function registered in the
/// database (SQLite). Ranges keep online migrations committing batch by batch.
/// </summary>
internal sealed class RangeUpdates(
    TransformPlan plan,
    DbConnection connection,
    DbTransaction? transaction,
    TransformRunSettings settings,
    BatchTransactions transactions,
    IReadOnlyList<string> values,
    InDatabaseRowFunction? function,
    IReadOnlyList<(string Name, object? Value)>? valueParameters = null)
{
    private readonly (string Name, object? Value)[] _valueParameters = valueParameters?.ToArray() ?? [];

    private readonly BatchTransactions _transactions = transactions;
    private readonly ColumnSchema? _integerKey = plan.Table.KeyColumns is [{ Kind: ValueKind.Integer, TypeEnforced: true } key] ? key : null;
    private long _width = plan.BatchSize;
    private readonly IReadOnlyList<(ColumnSchema, string)> _assignments = plan.Targets.Select((c, i) => (c, values[i])).ToList();

    public (long Rows, int Batches) Run(ProgressReporter progress)
    {
        var after = _transactions.ResumeAfter(plan.Table);
        var total = _transactions.ResumedRows;
        var batches = 0;

        while (true)
        {
            settings.Cancellation.ThrowIfCancellationRequested();
            var (upto, last) = _integerKey is not null ? NextIntegerRange(after) : NextRangeEnd(after);
            if (upto is null)
                break;

            var rows = Update(after, upto, total);
            total += rows;
            batches++;
            AdaptWidth(rows);
            progress.Report(total, completed: false);
            if (last)
                break;

            after = upto;
            if (plan.Expression.Throttle is { } pause)
                settings.Cancellation.WaitHandle.WaitOne(pause);
        }

        return (total, batches);
    }

    /// <summary>
    /// With an integer key the database enforces, ranges are cut by key value: the next existing
    /// key (one index probe) plus a width, so finding a range never walks the rows in it. The
    /// width adapts so a range holds about a batch of rows, however sparse the keys or selective the filter.
    /// </summary>
    private (object?[]? Upto, bool Last) NextIntegerRange(object?[]? after)
    {
        if (Read(plan.Dialect.BuildRangeMin(plan.Table, after is not null), after) is not [{ } next])
            return (null, true);

        var start = Convert.ToInt64(next, System.Globalization.CultureInfo.InvariantCulture);
        var end = start > long.MaxValue - _width ? long.MaxValue : start + _width - 1;
        return ([Convert.ChangeType(Math.Min(end, KeyMaximum), _integerKey!.ClrType, System.Globalization.CultureInfo.InvariantCulture)], false);
    }

    private void AdaptWidth(int rows)
    {
        if (_integerKey is null || rows == 0)
            return;
        var ideal = (double)_width * plan.BatchSize / rows;
        _width = (long)Math.Clamp(ideal, Math.Max(1, _width / 8.0), Math.Min(_width * 8.0, long.MaxValue / 2.0));
    }

    private long KeyMaximum => Type.GetTypeCode(_integerKey!.ClrType) switch
    {
        TypeCode.Int16 => short.MaxValue,
        TypeCode.Int32 => int.MaxValue,
        _ => long.MaxValue,
    };

    /// <summary>The key that closes the next range of at most a batch (by counting rows), and whether it is the last range.</summary>
    private (object?[]? Upto, bool Last) NextRangeEnd(object?[]? after)
    {
        var end = Read(plan.Dialect.BuildRangeEnd(plan.Table, plan.Expression.Filter, after is not null), after, ("@offset", plan.BatchSize - 1));
        return end is not null
            ? (end, false)
            : (Read(plan.Dialect.BuildRangeLast(plan.Table, plan.Expression.Filter, after is not null), after, ("@limit", 1)), true);
    }

    private int Update(object?[]? after, object?[] upto, long rowsBefore)
    {
        try
        {
            function?.Reset();
            return _transactions.Write(tx => Execute(plan.Dialect.BuildRangeUpdate(plan.Table, _assignments, plan.Expression.Filter, after is not null), tx,
                [.. Commands.Key("after", after), .. Commands.Key("upto", upto), .. _valueParameters]), upto, rowsBefore);
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
            throw TransformFailures.Refused(plan, _transactions.Online, TransformFailures.Range(plan, after, upto, inclusive: false), row, e);
        }
    }

    /// <summary>The keys of one range, read only to find a refused row; the range holds at most a batch.</summary>
    private List<object?[]> KeysIn(DbTransaction? tx, object?[]? after, object?[] upto)
    {
        using var command = Command(plan.Dialect.BuildRangeKeys(plan.Table, plan.Expression.Filter, after is not null), tx,
            [.. Commands.Key("after", after), .. Commands.Key("upto", upto)]);
        using var reader = command.ExecuteReader();
        var keys = new List<object?[]>();
        while (reader.Read())
            keys.Add(Key(reader));
        return keys;
    }

    /// <summary>The key in the first row of a query's result, or null when it has none.</summary>
    private object?[]? Read(string sql, object?[]? after, params (string Name, object? Value)[] more)
    {
        using var command = Command(sql, transaction, [.. Commands.Key("after", after), .. more]);
        try
        {
            using var reader = command.ExecuteReader();
            if (!reader.Read())
                return null;
            var key = Key(reader);
            return key.All(v => v is null) ? null : key;
        }
        catch (DbException e)
        {
            throw TransformFailures.Unreadable(plan, e);
        }
    }

    private static object?[] Key(DbDataReader reader)
    {
        var key = new object?[reader.FieldCount];
        for (var i = 0; i < key.Length; i++)
            key[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
        return key;
    }

    private int Execute(string sql, DbTransaction? tx, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, tx, parameters);
        return command.ExecuteNonQuery();
    }

    private DbCommand Command(string sql, DbTransaction? tx, (string Name, object? Value)[] parameters) =>
        Commands.Create(connection, tx, sql, settings.CommandTimeout, parameters);
}
