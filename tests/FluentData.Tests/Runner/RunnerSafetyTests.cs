using System.Diagnostics;
using FluentData.Tests.Infrastructure;

namespace FluentData.Tests.Runner;

/// <summary>
/// Real processes: a runner killed with SIGKILL part-way through an online migration, and four
/// runners started at once on one database; each with the transform on one connection and on two
/// (<c>InParallel(2)</c>: two on PostgreSQL, one on SQLite). Written once, run on every database.
/// </summary>
public abstract class RunnerSafetyTests<TDatabase> : IDisposable
    where TDatabase : TestDatabase, new()
{
    private const int Rows = 2_000;
    private TDatabase? _database;

    private TDatabase Db => _database ??= new TDatabase();

    private void GivenCounters()
    {
        Db.Execute($"CREATE TABLE counters ({Db.BigIntKey("id")}, hits integer NOT NULL DEFAULT 0)");
        Db.Insert("counters", ["id"], Enumerable.Range(1, Rows).Select(i => new object?[] { (long)i }));
    }

    private long Count(string where) => Db.Scalar<long>($"SELECT COUNT(*) FROM counters WHERE {where}");

    [SkippableTheory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_runner_killed_mid_transform_resumes_and_counts_every_row_exactly_once(int connections)
    {
        GivenCounters();
        KillWhen(() => Count("hits = 1") >= 400, TestHostProcess.Start(Db, batchSize: 50, throttleMilliseconds: 25, connections));

        var done = Count("hits = 1");
        done.ShouldBeGreaterThanOrEqualTo(400);
        done.ShouldBeLessThan(Rows);
        Count("hits > 1").ShouldBe(0);
        Db.Scalar<long>("SELECT COUNT(*) FROM \"VersionInfo\" WHERE \"Version\" = 2").ShouldBe(0);

        using (var rerun = TestHostProcess.Start(Db, batchSize: 50, connections: connections))
            rerun.WaitForExit(TimeSpan.FromMinutes(2)).ShouldBe(0, rerun.Output);

        Count("hits = 1").ShouldBe(Rows);
        Count("tx_hits = 1").ShouldBe(Rows);
        Db.Scalar<long>("SELECT COUNT(*) FROM \"VersionInfo\"").ShouldBe(4);
        Db.CheckpointRows().ShouldBe(0);
    }

    [SkippableTheory]
    [InlineData(1)]
    [InlineData(2)]
    public void Four_runners_started_together_apply_each_migration_once(int connections)
    {
        GivenCounters();

        var hosts = Enumerable.Range(0, 4).Select(_ => TestHostProcess.Start(Db, batchSize: 100, throttleMilliseconds: 10, connections)).ToList();
        try
        {
            foreach (var host in hosts)
                host.WaitForExit(TimeSpan.FromMinutes(2)).ShouldBe(0, host.Output);
        }
        finally
        {
            hosts.ForEach(h => h.Dispose());
        }

        Db.Rows("SELECT \"Version\", COUNT(*) FROM \"VersionInfo\" GROUP BY \"Version\" ORDER BY \"Version\"")
            .Select(r => (Convert.ToInt64(r[0], System.Globalization.CultureInfo.InvariantCulture), Convert.ToInt64(r[1], System.Globalization.CultureInfo.InvariantCulture)))
            .ShouldBe([(1L, 1L), (2L, 1L), (3L, 1L), (4L, 1L)]);
        Count("hits = 1").ShouldBe(Rows);
        Count("tx_hits = 1").ShouldBe(Rows);
        hosts.Count(h => h.Output.Contains("applied 1,2,3,4", StringComparison.Ordinal)).ShouldBe(1, string.Join("\n---\n", hosts.Select(h => h.Output)));
    }

    [SkippableFact]
    public void A_runner_killed_while_it_moves_rows_to_an_archive_loses_and_doubles_none()
    {
        GivenCounters();
        Db.Execute("CREATE TABLE counters_archive (id bigint PRIMARY KEY, hits integer NOT NULL, tx_hits integer NOT NULL, note varchar(20))");
        KillWhen(() => Db.Scalar<long>("SELECT COUNT(*) FROM counters_archive") >= 100, TestHostProcess.Start(Db, batchSize: 20, throttleMilliseconds: 25, archive: true));

        var moved = Db.Scalar<long>("SELECT COUNT(*) FROM counters_archive");
        moved.ShouldBeLessThan(Rows / 3);
        (Db.Scalar<long>("SELECT COUNT(*) FROM counters") + moved).ShouldBe(Rows);

        using (var rerun = TestHostProcess.Start(Db, batchSize: 20, archive: true))
            rerun.WaitForExit(TimeSpan.FromMinutes(2)).ShouldBe(0, rerun.Output);

        Db.Scalar<long>("SELECT COUNT(*) FROM counters_archive").ShouldBe(Rows / 3);
        Db.Scalar<long>("SELECT COUNT(*) FROM counters_archive WHERE id % 3 <> 0 OR hits <> 1").ShouldBe(0);
        Db.Scalar<long>("SELECT COUNT(*) FROM counters").ShouldBe(Rows - (Rows / 3));
        Db.Scalar<long>("SELECT COUNT(*) FROM counters WHERE id % 3 = 0").ShouldBe(0);
        Db.CheckpointRows().ShouldBe(0);
    }

    [SkippableFact]
    public void A_runner_killed_while_it_copies_rows_doubles_and_misses_none_after_its_rerun()
    {
        GivenCounters();
        Db.Execute("CREATE TABLE counter_parts (id bigint NOT NULL, part integer NOT NULL, hits integer NOT NULL, PRIMARY KEY (id, part))");
        KillWhen(() => Db.Scalar<long>("SELECT COUNT(*) FROM counter_parts") >= 200, TestHostProcess.Start(Db, batchSize: 20, throttleMilliseconds: 25, copy: true));

        Db.Scalar<long>("SELECT COUNT(*) FROM counter_parts").ShouldBeLessThan(2 * Rows);

        // The key (id, part) would refuse a row copied twice; the count finds a row missed.
        using (var rerun = TestHostProcess.Start(Db, batchSize: 20, copy: true))
            rerun.WaitForExit(TimeSpan.FromMinutes(2)).ShouldBe(0, rerun.Output);

        Db.Scalar<long>("SELECT COUNT(*) FROM counter_parts").ShouldBe(2 * Rows);
        Db.Scalar<long>("SELECT COUNT(*) FROM counter_parts p JOIN counters c ON c.id = p.id AND c.hits = p.hits").ShouldBe(2 * Rows);
        Db.CheckpointRows().ShouldBe(0);
    }

    /// <summary>Starts a host and kills it (SIGKILL) once <paramref name="reached"/> holds, before it could finish.</summary>
    private static void KillWhen(Func<bool> reached, TestHostProcess start)
    {
        using var doomed = start;
        var clock = Stopwatch.StartNew();
        while (!reached())
        {
            doomed.HasExited.ShouldBeFalse($"the host finished before it could be killed:\n{doomed.Output}");
            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(60), doomed.Output);
            Thread.Sleep(10);
        }

        doomed.Kill();
    }

    public void Dispose()
    {
        _database?.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteRunnerSafetyTests : RunnerSafetyTests<SqliteTestDatabase>;

public sealed class PostgresRunnerSafetyTests : RunnerSafetyTests<PostgresTestDatabase>;
