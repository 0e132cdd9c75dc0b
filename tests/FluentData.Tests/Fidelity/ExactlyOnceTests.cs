using System.Globalization;
using FluentData.Tests.Infrastructure;

namespace FluentData.Tests.Fidelity;

/// <summary>
/// Keys in their own type, and exactly once: for a table keyed by each type the database lets
/// be a key, an online transform interrupted after its first batch and run again visits every
/// row exactly once, on every path; so does a transform in one transaction.
/// </summary>
public abstract class ExactlyOnceTests<TDatabase>() : FidelityTests<TDatabase>
    where TDatabase : TestDatabase, new()
{
    private const string Table = "keyed";

    // Not a divisor of the row count, so the last batch is a partial one.
    private const int BatchSize = 7;

    // In the second batch: the first one is committed by then.
    private const int FailingCall = 10;

    private int _failOnCall;

    /// <summary>
    /// A table keyed by <c>k</c> (with <paramref name="composite"/>, by <c>(k, n)</c>, every key
    /// twice) with a <c>visits</c> count at 0, which every path adds one to.
    /// </summary>
    protected void EveryRowExactlyOnce(KeyCase key, bool composite)
    {
        var columns = composite
            ? $"k {key.Declaration} NOT NULL, n integer NOT NULL, visits integer NOT NULL DEFAULT 0, PRIMARY KEY (k, n)"
            : $"k {key.Declaration} PRIMARY KEY, visits integer NOT NULL DEFAULT 0";
        CreateSchema([.. key.Setup ?? [], $"CREATE TABLE {Table} ({columns})"]);
        var values = key.Keys.SelectMany(k => composite ? [$"({k}, 1)", $"({k}, 2)"] : new[] { $"({k})" });
        Db.Execute($"INSERT INTO {Table} ({(composite ? "k, n" : "k")}) VALUES {string.Join(", ", values)}");
        var rows = Db.Scalar<long>($"SELECT COUNT(*) FROM {Table}");
        var failures = new List<string>();

        InterruptedOnline(failures, rows, composite, "online, Using(row => visits + 1), cancelled after its first batch, then run again",
            CountVisitsInCSharp, cancel: true);
        InterruptedOnline(failures, rows, composite, "online, UsingSql(\"visits\" + 1), cancelled after its first batch, then run again",
            CountVisitsInSql, cancel: true);
        InterruptedOnline(failures, rows, composite, $"online, Using(row => visits + 1) throwing on call {FailingCall}, then run again",
            CountVisitsInCSharp, cancel: false);
        InOneTransaction(failures, rows, composite, "in a transaction, Using(row => visits + 1)", CountVisitsInCSharp, countsCalls: true);
        InOneTransaction(failures, rows, composite, "in a transaction, UsingSql(\"visits\" + 1)", CountVisitsInSql, countsCalls: false);

        failures.ShouldBeEmpty();
    }

    private void CountVisitsInCSharp(DataMigration m) =>
        m.Transform.Table(Table).Column("visits").Using(Visit).InBatchesOf(BatchSize);

    private static void CountVisitsInSql(DataMigration m) =>
        m.Transform.Table(Table).Column("visits").UsingSql($"{Quote("visits")} + 1").InBatchesOf(BatchSize);

    private object? Visit(IDataRow row)
    {
        if (Scenario.CountCall() == _failOnCall)
            throw new InvalidOperationException($"interrupted on call {_failOnCall}");
        return row.Get<int>("visits") + 1;
    }

    private void InterruptedOnline(List<string> failures, long rows, bool composite, string path, Action<DataMigration> up, bool cancel) =>
        RunPath(failures, path, () =>
        {
            Start();
            var findings = new List<string>();
            using var cancellation = new CancellationTokenSource();
            Scenario.Online = up;
            if (cancel)
                Scenario.Progress = p => { if (!p.Completed) cancellation.Cancel(); };
            else
                _failOnCall = FailingCall;

            var stopped = Catch(() => Runner.MigrateUp(Online, cancellation.Token));

            var expected = cancel ? typeof(OperationCanceledException) : typeof(TransformFailedException);
            var done = Visits().GetValueOrDefault(1);
            if (stopped is null)
            {
                findings.Add("the first run was not interrupted: it finished");
            }
            else if (!expected.IsInstanceOfType(stopped))
            {
                findings.Add($"the first run should have stopped with {expected.Name} and threw {Describe(stopped)}");
                if (done == 0 && Visits().Count == 1)
                    return findings;
            }
            else if (done == 0 || done == rows)
            {
                findings.Add($"the first run did not stop part-way: {done} of {rows} rows were done");
            }

            findings.AddRange(NotExactlyOnce(rows, composite, "after the interrupted run", times => times > 1));

            Scenario.Progress = null;
            _failOnCall = 0;
            var rerun = Catch(() => Runner.MigrateUp(Online));

            if (rerun is not null)
                findings.Add($"the run again threw {Describe(rerun)}");
            findings.AddRange(NotExactlyOnce(rows, composite, "after running again", times => times != 1));
            if (rerun is null && !IsApplied(Online))
                findings.Add("the migration is not recorded as applied");
            if (rerun is null && CheckpointsLeft() is var left and not 0)
                findings.Add($"{left} checkpoints are left in FluentDataCheckpoints");
            return findings;
        });

    private void InOneTransaction(List<string> failures, long rows, bool composite, string path, Action<DataMigration> up, bool countsCalls) =>
        RunPath(failures, path, () =>
        {
            Start();
            Scenario.InTransaction = up;

            Runner.MigrateUp(InTransaction);

            var findings = NotExactlyOnce(rows, composite, "after the run", times => times != 1);
            if (!IsApplied(InTransaction))
                findings.Add("the migration is not recorded as applied");
            if (countsCalls && Scenario.Calls != rows)
                findings.Add($"the function ran {Scenario.Calls} times for {rows} rows");
            return findings;
        });

    private void Start()
    {
        _failOnCall = 0;
        Db.Execute($"UPDATE {Table} SET visits = 0");
    }

    /// <summary>How many rows were visited how many times.</summary>
    private Dictionary<long, long> Visits() =>
        Db.Rows($"SELECT visits, COUNT(*) FROM {Table} GROUP BY visits")
            .ToDictionary(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture), r => Convert.ToInt64(r[1], CultureInfo.InvariantCulture));

    private List<string> NotExactlyOnce(long rows, bool composite, string when, Func<long, bool> wrong)
    {
        var findings = new List<string>();
        var visits = Visits();
        if (visits.Values.Sum() != rows)
            findings.Add($"{when}, the table has {visits.Values.Sum()} rows instead of {rows}");
        foreach (var (times, count) in visits.Where(v => wrong(v.Key)).OrderBy(v => v.Key))
            findings.Add($"{when}, {count} of {rows} rows were transformed {times} times, e.g. keys {Sample(times, composite)}");
        return findings;
    }

    private string Sample(long visits, bool composite)
    {
        var columns = composite ? $"{Render("k")}, {Render("n")}" : Render("k");
        var order = composite ? "k, n" : "k";
        var keys = Db.Rows($"SELECT {columns} FROM {Table} WHERE visits = {visits} ORDER BY {order} LIMIT 5")
            .Select(r => composite ? $"({Show((string?)r[0])}, {r[1]})" : Show((string?)r[0]));
        return string.Join(", ", keys);
    }
}
