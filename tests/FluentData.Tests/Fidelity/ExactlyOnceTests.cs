using System.Globalization;
using FluentData.Tests.Infrastructure;

namespace FluentData.Tests.Fidelity;

/// <summary>
/// Keys in their own type, and exactly once: for a table keyed by each type the database lets
/// be a key, an online transform interrupted at every batch boundary and run again until it
/// finishes visits every row exactly once, on every path; so does a transform in one transaction.
/// A copy of the table, on both of its paths, likewise copies every row exactly once.
/// </summary>
public abstract class ExactlyOnceTests<TDatabase>() : FidelityTests<TDatabase>
    where TDatabase : TestDatabase, new()
{
    private const string Table = "keyed";

    // Where the copy paths copy each row's seq, a number of its own: the key may hold values a C# mapping could not write.
    private const string CopyTable = "keyed_copy";

    private bool _copying;

    // Not a divisor of the row count, so the last batch is a partial one.
    private const int BatchSize = 7;

    // In a run's second batch: its first one is committed by then.
    private const int FailingCall = 10;

    private int _failOnCall;

    /// <summary>
    /// A table keyed by <c>k</c> (with <paramref name="composite"/>, by <c>(k, n)</c>, every key
    /// twice) with a <c>visits</c> count at 0, which every path adds one to.
    /// </summary>
    protected void EveryRowExactlyOnce(KeyCase key, bool composite)
    {
        var seq = Db.Engine == "PostgreSQL" ? "seq serial" : "seq integer";
        var columns = composite
            ? $"k {key.Declaration} NOT NULL, n integer NOT NULL, visits integer NOT NULL DEFAULT 0, {seq}, PRIMARY KEY (k, n)"
            : $"k {key.Declaration} PRIMARY KEY, visits integer NOT NULL DEFAULT 0, {seq}";
        CreateSchema([.. key.Setup ?? [], $"CREATE TABLE {Table} ({columns})", $"CREATE TABLE {CopyTable} (seq bigint NOT NULL)"]);
        var values = key.Keys.SelectMany(k => composite ? [$"({k}, 1)", $"({k}, 2)"] : new[] { $"({k})" });
        Db.Execute($"INSERT INTO {Table} ({(composite ? "k, n" : "k")}) VALUES {string.Join(", ", values)}");
        if (Db.Engine != "PostgreSQL")
            Db.Execute($"UPDATE {Table} SET seq = rowid");
        var rows = Db.Scalar<long>($"SELECT COUNT(*) FROM {Table}");
        var failures = new List<string>();

        InterruptedOnline(failures, rows, composite, "online, Using(row => visits + 1), every run cancelled after its first batch",
            m => CountVisitsInCSharp(m), cancel: true);
        InterruptedOnline(failures, rows, composite, "online, UsingSql(\"visits\" + 1), every run cancelled after its first batch",
            m => CountVisitsInSql(m), cancel: true);
        InterruptedOnline(failures, rows, composite, $"online, Using(row => visits + 1), failing on call {FailingCall}, then run again",
            m => CountVisitsInCSharp(m), cancel: false);
        if (Db.Engine == "PostgreSQL")
        {
            // Where the table is split into parts, each resumed on its own; SQLite runs on one connection.
            InterruptedOnline(failures, rows, composite, "online on 3 connections, Using(row => visits + 1), every run cancelled after a batch",
                m => CountVisitsInCSharp(m).InParallel(3), cancel: true);
            InterruptedOnline(failures, rows, composite, "online on 3 connections, UsingSql(\"visits\" + 1), every run cancelled after a batch",
                m => CountVisitsInSql(m).InParallel(3), cancel: true);
        }
        InOneTransaction(failures, rows, composite, "in a transaction, Using(row => visits + 1)", m => CountVisitsInCSharp(m), countsCalls: true);
        InOneTransaction(failures, rows, composite, "in a transaction, UsingSql(\"visits\" + 1)", m => CountVisitsInSql(m), countsCalls: false);

        _copying = true;
        InterruptedOnline(failures, rows, composite, "online, Copy.Rows...Using(row => new { seq }), every run cancelled after its first batch",
            CopyInCSharp, cancel: true);
        InterruptedOnline(failures, rows, composite, "online, Copy.Rows...Columns((\"seq\", \"seq\")), every run cancelled after its first batch",
            CopyInSql, cancel: true);
        InOneTransaction(failures, rows, composite, "in a transaction, Copy.Rows...Using(row => new { seq })", CopyInCSharp, countsCalls: false);
        InOneTransaction(failures, rows, composite, "in a transaction, Copy.Rows...Columns((\"seq\", \"seq\"))", CopyInSql, countsCalls: false);
        _copying = false;
        SeededByKey(failures, rows, composite, InTransaction, "in a transaction");
        SeededByKey(failures, rows, composite, Online, "online");

        failures.ShouldBeEmpty();
    }

    /// <summary>
    /// A seed of the table itself keyed by its key, every row's visits one more than it holds:
    /// each row is found by its key and updated once, no row is inserted; the same seed again finds
    /// every row unchanged. The keys are the values a C# mapping reads.
    /// </summary>
    private void SeededByKey(List<string> failures, long rows, bool composite, long version, string mode) =>
        RunPath(failures, $"{mode}, Seed.Table(...).Key(\"k\"{(composite ? ", \"n\"" : "")}).Rows(each key with visits + 1), then the same seed again", version == Online, () =>
        {
            Start();
            var seedRows = new List<object>();
            var read = Run(version, m => m.Copy.Rows.From(Table).To(CopyTable).Using(row =>
            {
                seedRows.Add(composite
                    ? new { k = row["k"], n = row.Get<int>("n"), visits = row.Get<int>("visits") + 1 }
                    : new { k = row["k"], visits = row.Get<int>("visits") + 1 });
                return null;
            }), out _);
            if (read is not null)
                return read is DataMigrationException { Column: "k" } ? [] : [$"the rows to seed could not be read: {Describe(read)}"];

            string[] key = composite ? ["k", "n"] : ["k"];
            var findings = new List<string>();
            foreach (var (run, expected) in new[] { ("first", (0L, rows, 0L)), ("second", (0L, 0L, rows)) })
            {
                var failed = Run(version, m => m.Seed.Table(Table).Key(key).Rows(seedRows).InBatchesOf(BatchSize), out var seed);
                // A key .NET reads ambiguously (PostgreSQL's -infinity and year 1 are both DateTime.MinValue) is refused clearly, before any write.
                if (failed is SeedRowException { Column: "k", Line: not null } && run == "first" && NotExactlyOnce(rows, composite, "", times => times != 0).Count == 0)
                    return findings;
                if (failed is not null)
                    return [.. findings, $"the {run} seed threw {Describe(failed)}"];
                if ((seed!.Inserted, seed.Updated, seed.Unchanged) != expected)
                    findings.Add($"the {run} seed inserted {seed.Inserted}, updated {seed.Updated}, left {seed.Unchanged} unchanged; expected {expected}");
                findings.AddRange(NotExactlyOnce(rows, composite, $"after the {run} seed", times => times != 1));
            }

            return findings;
        });

    /// <summary>Runs <paramref name="up"/> as the migration of that version, then forgets it was applied; returns what it threw and its seed's result.</summary>
    private Exception? Run(long version, Action<DataMigration> up, out SeedResult? seed)
    {
        if (version == InTransaction)
            Scenario.InTransaction = up;
        else
            Scenario.Online = up;
        SeedResult? result = null;
        var failed = Catch(() => result = Runner.MigrateUp(version).Migrations.SingleOrDefault(m => m.Version == version)?.Seeds.SingleOrDefault());
        seed = result;
        Db.Execute($"DELETE FROM {Quote("VersionInfo")} WHERE {Quote("Version")} = {version}");
        if (version == Online)
            Runner.DiscardCheckpoints(Online);
        return failed;
    }

    private FluentData.Syntax.ITransformOptionsSyntax CountVisitsInCSharp(DataMigration m) =>
        m.Transform.Table(Table).Column("visits").Using(Visit).InBatchesOf(BatchSize);

    private static FluentData.Syntax.ITransformOptionsSyntax CountVisitsInSql(DataMigration m) =>
        m.Transform.Table(Table).Column("visits").UsingSql($"{Quote("visits")} + 1").InBatchesOf(BatchSize);

    private static void CopyInCSharp(DataMigration m) =>
        m.Copy.Rows.From(Table).To(CopyTable).Using(row => new { seq = row.Get<long>("seq") }).InBatchesOf(BatchSize);

    private static void CopyInSql(DataMigration m) =>
        m.Copy.Rows.From(Table).To(CopyTable).Columns(("seq", Quote("seq"))).InBatchesOf(BatchSize);

    private object? Visit(IDataRow row)
    {
        if (Scenario.CountCall() == _failOnCall)
            throw new InvalidOperationException($"interrupted on call {_failOnCall}");
        return row.Get<int>("visits") + 1;
    }

    /// <summary>
    /// Cancelled from the progress report, every run is interrupted once it has committed its
    /// first batch, so every batch boundary is a point a run resumes from; the run that finds
    /// too few rows left to be interrupted finishes. (With integer keys UsingSql cuts batches by
    /// key value, so a batch of sparse keys may hold a single row: a run only has to get further.)
    /// Failing (the function throws), the first run is interrupted in its second batch, and the
    /// next one is left to finish.
    /// </summary>
    private void InterruptedOnline(List<string> failures, long rows, bool composite, string path, Action<DataMigration> up, bool cancel) =>
        RunPath(failures, path, online: true, () =>
        {
            Start();
            Scenario.Online = up;
            var findings = new List<string>();
            var (expected, interruption) = cancel
                ? ("OperationCanceledException", (Func<Exception, bool>)(e => e is OperationCanceledException))
                : ($"TransformFailedException from the function's InvalidOperationException on call {FailingCall}", IsTheFunctionsFailure);
            long done = 0;
            Exception? unfinished = null;
            for (var run = 1; ; run++)
            {
                var interrupting = cancel || run == 1;
                var stopped = Interrupted(cancel, fail: !cancel && run == 1);
                var now = Visits().Where(v => v.Key > 0).Sum(v => v.Value);
                if (stopped is null)
                {
                    if (run == 1)
                        findings.Add($"the first run was not interrupted: it finished, with {now} of {rows} rows done");
                    break;
                }

                if (!interrupting)
                {
                    findings.Add($"run {run}, which nothing interrupted, threw {Describe(stopped)}");
                    unfinished = stopped;
                    break;
                }

                if (!interruption(stopped))
                {
                    findings.Add($"run {run} should have stopped with {expected} and threw {Describe(stopped)}");
                    if (run == 1 && now == 0)
                        return findings;
                }
                else if (now <= done && now < rows)
                {
                    findings.Add($"interrupted run {run} reported a committed batch but transformed no row that earlier runs had not: {now} of {rows} rows have been transformed");
                }
                else if (run <= rows)
                {
                    done = now;
                    continue;
                }
                else
                {
                    findings.Add($"{run} interrupted runs, each further than the one before, did not finish {rows} rows");
                }

                // Stuck: one last run, uninterrupted, shows where the rows end up.
                Scenario.Progress = null;
                _failOnCall = 0;
                unfinished = Catch(() => Runner.MigrateUp(Online));
                if (unfinished is not null)
                    findings.Add($"the last run, which nothing interrupted, threw {Describe(unfinished)}");
                break;
            }

            findings.AddRange(NotExactlyOnce(rows, composite, "after the last run", times => times != 1));
            if (unfinished is not null)
                return findings;
            if (!IsApplied(Online))
                findings.Add("the migration is not recorded as applied");
            if (CheckpointsLeft() is var left and not 0)
                findings.Add($"{left} checkpoints are left in FluentDataCheckpoints");
            return findings;
        });

    private static bool IsTheFunctionsFailure(Exception e) =>
        e is TransformFailedException { InnerException: InvalidOperationException inner }
        && inner.Message.StartsWith("interrupted on call", StringComparison.Ordinal);

    private Exception? Interrupted(bool cancel, bool fail)
    {
        using var cancellation = new CancellationTokenSource();
        Scenario.ResetCalls();
        if (cancel)
            Scenario.Progress = p => { if (!p.Completed) cancellation.Cancel(); };
        _failOnCall = fail ? FailingCall : 0;

        return Catch(() => Runner.MigrateUp(Online, cancellation.Token));
    }

    private void InOneTransaction(List<string> failures, long rows, bool composite, string path, Action<DataMigration> up, bool countsCalls) =>
        RunPath(failures, path, online: false, () =>
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
        Db.Execute($"DELETE FROM {CopyTable}");
    }

    /// <summary>How many rows were visited (or copied) how many times.</summary>
    private Dictionary<long, long> Visits() =>
        Db.Rows($"SELECT {Visited}, COUNT(*) FROM {Table} GROUP BY {Visited}")
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

    /// <summary>A row's visits, or how many times it was copied.</summary>
    private string Visited => _copying ? $"(SELECT COUNT(*) FROM {CopyTable} c WHERE c.seq = {Table}.seq)" : "visits";

    private string Sample(long visits, bool composite)
    {
        var columns = composite ? $"{Render("k")}, {Render("n")}" : Render("k");
        var order = composite ? $"{Table}.k, {Table}.n" : $"{Table}.k";
        var keys = Db.Rows($"SELECT {columns} FROM {Table} WHERE {Visited} = {visits} ORDER BY {order} LIMIT 5")
            .Select(r => composite ? $"({Show((string?)r[0])}, {r[1]})" : Show((string?)r[0]));
        return string.Join(", ", keys);
    }
}
