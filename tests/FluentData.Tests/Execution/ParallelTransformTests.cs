using System.Collections.Concurrent;
using FluentData.Tests.Infrastructure;
using FluentData.Tests.Migrations.Shapes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FluentData.Tests.Execution;

/// <summary>
/// <c>InParallel(n)</c>: an online transform on several connections at once transforms every row
/// exactly once, however it is interrupted; where it cannot run on several (a transaction,
/// SQLite) it runs on one and says why in the log.
/// </summary>
public abstract class ParallelTransformTests<TDatabase>() : MigrationTests<TDatabase>("FluentData.Tests.Migrations.Shapes")
    where TDatabase : TestDatabase, new()
{
    protected const int Rows = 1_000;

    private readonly CapturedLogs _logs = new();

    protected ShapeScenario Scenario { get; } = new();

    protected StopAfterBatches Stop { get; } = new();

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton(Scenario);
        services.AddLogging(l => l.AddProvider(_logs));
        services.AddDataMigrations(o => o.ReportProgressTo(Stop));
    }

    protected override void Dispose(bool disposing)
    {
        Stop.Dispose();
        base.Dispose(disposing);
    }

    protected void GivenVisits()
    {
        Db.Execute("CREATE TABLE visits (id integer PRIMARY KEY, name varchar(20) NOT NULL, n integer NOT NULL DEFAULT 0)");
        Db.Insert("visits", ["id", "name"], Enumerable.Range(1, Rows).Select(i => new object?[] { i, $"v{i}" }));
    }

    protected long Count(string where) => Db.Scalar<long>($"SELECT COUNT(*) FROM visits WHERE {where}");

    protected long Parts() => Db.Scalar<long>("SELECT COUNT(*) FROM \"FluentDataCheckpointRanges\"");

    protected IEnumerable<string> Warnings => _logs.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message);

    [SkippableFact]
    public void A_failure_on_one_connection_names_the_row_keeps_what_was_committed_and_the_rerun_finishes_every_row_once()
    {
        GivenVisits();
        var failOn = 600;
        Scenario.Online = m => m.Transform.Table("visits").Column("n")
            .Using(row => row.Get<int>("id") == failOn ? throw new InvalidOperationException("bad visit") : row.Get<int>("n") + 1)
            .InBatchesOf(25).InParallel(3);

        var error = Should.Throw<TransformFailedException>(() => Runner.MigrateUp(2));

        Convert.ToInt32(error.Key!.Value, System.Globalization.CultureInfo.InvariantCulture).ShouldBe(600);
        error.Message.ShouldContain("Batches before this one were committed");
        Count("n = 1").ShouldBeGreaterThan(0);
        Count("n > 1").ShouldBe(0);
        Count("id = 600 AND n = 0").ShouldBe(1);

        failOn = 0;
        Runner.MigrateUp(2).Migrations.Single().Transforms.Single().Rows.ShouldBe(Rows);

        Count("n = 1").ShouldBe(Rows);
        Db.CheckpointRows().ShouldBe(0);
    }

    [SkippableFact]
    public void UsingSql_on_several_connections_counts_every_row_read_and_changed_once()
    {
        GivenVisits();
        Scenario.Online = m => m.Transform.Table("visits").Column("n").UsingSql("n + 1").Where("id % 10 <> 0").InBatchesOf(40).InParallel(2);

        var result = Runner.MigrateUp(2).Migrations.Single(x => x.Version == 2).Transforms.Single();

        (result.Rows, result.RowsChanged).ShouldBe((900L, 900L));
        Count("n = 1").ShouldBe(900);
        Count("n = 0").ShouldBe(100);
    }

    [SkippableFact]
    public void In_a_transaction_it_runs_on_one_connection_and_says_why()
    {
        GivenVisits();
        Scenario.InTransaction = m => m.Transform.Table("visits").Column("n").Using(row => row.Get<int>("n") + 1).InBatchesOf(100).InParallel(4);

        Runner.MigrateUp(1);

        Count("n = 1").ShouldBe(Rows);
        Warnings.ShouldContain(w => w.Contains("runs on one connection, not the 4 asked for: it runs in a transaction (the migration's, or a dry run's)", StringComparison.Ordinal));
    }
}

public sealed class SqliteParallelTransformTests : ParallelTransformTests<SqliteTestDatabase>
{
    [SkippableFact]
    public void Online_it_runs_on_one_connection_since_SQLite_has_one_writer_and_says_so()
    {
        GivenVisits();
        Scenario.Online = m => m.Transform.Table("visits").Column("n").Using(row => row.Get<int>("n") + 1).InBatchesOf(100).InParallel(2);

        Runner.MigrateUp(2);

        Count("n = 1").ShouldBe(Rows);
        Warnings.ShouldContain(w => w.Contains("runs on one connection, not the 2 asked for: SQLite offers no second connection", StringComparison.Ordinal));
        Db.Scalar<long>("SELECT COUNT(*) FROM sqlite_master WHERE name = 'FluentDataCheckpointRanges'").ShouldBe(0);
    }
}

public sealed class PostgresParallelTransformTests : ParallelTransformTests<PostgresTestDatabase>
{
    [SkippableFact]
    public void Three_connections_split_the_table_and_a_cancelled_run_resumes_every_part_exactly_once()
    {
        GivenVisits();
        var threads = new ConcurrentDictionary<int, bool>();
        Scenario.Online = m => m.Transform.Table("visits").Column("n")
            .Using(row =>
            {
                threads[Environment.CurrentManagedThreadId] = true;

                // On a loaded machine one connection could run every batch before another starts.
                SpinWait.SpinUntil(() => threads.Count > 1, TimeSpan.FromSeconds(5));
                return row.Get<int>("n") + 1;
            })
            .InBatchesOf(25).InParallel(3);
        Stop.After = 6;

        Should.Throw<OperationCanceledException>(() => Runner.MigrateUp(2, Stop.Token));

        Parts().ShouldBe(3 * 4);
        Count("n = 1").ShouldBeInRange(6 * 25, Rows - 1);
        Count("n > 1").ShouldBe(0);
        threads.Count.ShouldBeGreaterThan(1);

        Stop.After = null;
        var done = Count("n = 1");
        var step = Runner.Plan().Migrations.Single(m => m.Version == 2).Steps.Single(s => s.Kind == "transform");
        step.Rows.ShouldBe(Rows - done);
        step.Note.ShouldStartWith("resumes the ");
        step.Note!.ShouldContain($"unfinished parts of an earlier run on several connections, {done} rows done");
        var dryRun = Runner.DryRun();
        dryRun.Failure.ShouldBeNull();
        dryRun.Transforms.Single().Rows.ShouldBe(Rows);
        Count("n = 1").ShouldBe(done);
        Count("n > 1").ShouldBe(0);

        Runner.MigrateUp(2).Migrations.Single().Transforms.Single().Rows.ShouldBe(Rows);

        Count("n = 1").ShouldBe(Rows);
        Db.CheckpointRows().ShouldBe(0);
    }

    [SkippableFact]
    public void A_reversible_transform_interrupted_on_several_connections_resumes_instead_of_checking_its_own_rows_again()
    {
        Db.Execute("CREATE TABLE codes (id integer PRIMARY KEY, code varchar(20) NOT NULL)");
        Db.Insert("codes", ["id", "code"], Enumerable.Range(1, Rows).Select(i => new object?[] { i, $"CODE{i}" }));
        Scenario.OnlineReversible = m => m.Transform.Table("codes").Column("code")
            .Using(row => row.Get<string>("code")!.ToLowerInvariant()).Reverse(row => row.Get<string>("code")!.ToUpperInvariant())
            .InBatchesOf(25).InParallel(3);
        Stop.After = 4;
        Should.Throw<OperationCanceledException>(() => Runner.MigrateUp(3, Stop.Token));

        Stop.After = null;
        Runner.MigrateUp(3);

        Db.Scalar<long>("SELECT COUNT(*) FROM codes WHERE code = lower(code)").ShouldBe(Rows);
    }

    [SkippableFact]
    public void Parts_follow_the_filter_and_a_session_that_ran_PL_pgSQL_still_gets_its_connections()
    {
        GivenVisits();
        var threads = new ConcurrentDictionary<int, bool>();
        Scenario.Online = m =>
        {
            m.Execute.Sql("DO $$ BEGIN PERFORM 1; END $$");
            m.Transform.Table("visits").Column("n")
                .Using(row =>
                {
                    threads[Environment.CurrentManagedThreadId] = true;
                    Thread.Sleep(1);
                    return row.Get<int>("n") + 1;
                })
                .Where("id <= 200").InBatchesOf(10).InParallel(3);
        };

        Runner.MigrateUp(2);

        Count("n = 1").ShouldBe(200);
        Count("n = 0").ShouldBe(Rows - 200);
        Warnings.ShouldBeEmpty();
        threads.Count.ShouldBeGreaterThan(1);
    }

    [SkippableFact]
    public void A_filter_that_reads_a_temporary_table_of_the_session_runs_on_one_connection()
    {
        GivenVisits();
        Scenario.Online = m =>
        {
            m.Execute.Sql("CREATE TEMPORARY TABLE picked AS SELECT id FROM visits WHERE id % 2 = 0");
            m.Transform.Table("visits").Column("n").Using(row => row.Get<int>("n") + 1).Where("id IN (SELECT id FROM picked)").InBatchesOf(25).InParallel(2);
        };

        Runner.MigrateUp(2);

        Count("n = 1").ShouldBe(Rows / 2);
        Warnings.ShouldContain(w => w.Contains("runs on one connection, not the 2 asked for", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void A_part_whose_saved_key_no_longer_fits_the_table_is_a_checkpoint_mismatch_before_anything_changes()
    {
        GivenVisits();
        Scenario.Online = m => m.Transform.Table("visits").Column("n").Using(row => row.Get<int>("n") + 1).InBatchesOf(25).InParallel(3);
        Stop.After = 3;
        Should.Throw<OperationCanceledException>(() => Runner.MigrateUp(2, Stop.Token));
        Stop.After = null;
        var done = Count("n = 1");
        Db.Execute("UPDATE \"FluentDataCheckpointRanges\" SET state = replace(state, '\"After\":[', '\"After\":[\"i32:1\",') WHERE part = 5");

        Runner.Plan().Migrations.Single(m => m.Version == 2).Steps.Single(s => s.Kind == "transform").WillFail.ShouldBeTrue();
        var error = Should.Throw<CheckpointMismatchException>(() => Runner.MigrateUp(2));
        error.Message.ShouldContain("part 5 of its checkpoint for table");
        error.Message.ShouldContain("cannot be resumed exactly: its key is not the table's key any more. Nothing was changed.");

        Count("n = 1").ShouldBe(done);
        Count("n > 1").ShouldBe(0);
    }

    [SkippableFact]
    public void Parts_the_database_will_not_save_stop_the_run_with_a_transform_failure_before_any_row_is_written()
    {
        GivenVisits();
        Db.Execute("""
            CREATE TABLE "FluentDataCheckpointRanges" ("version" bigint NOT NULL, "step" integer NOT NULL, "part" integer NOT NULL,
                "state" text NOT NULL, "updated_at" varchar(40) NOT NULL, PRIMARY KEY ("version", "step", "part"));
            CREATE FUNCTION no_parts() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'parts are not welcome here'; END $$;
            CREATE TRIGGER no_parts BEFORE INSERT ON "FluentDataCheckpointRanges" FOR EACH ROW EXECUTE FUNCTION no_parts();
            """);
        Scenario.Online = m => m.Transform.Table("visits").Column("n").Using(row => row.Get<int>("n") + 1).InBatchesOf(25).InParallel(2);

        var error = Should.Throw<TransformFailedException>(() => Runner.MigrateUp(2));

        error.Message.ShouldContain("refused to save its parts in the checkpoint table FluentDataCheckpointRanges");
        error.Message.ShouldContain("parts are not welcome here");
        Count("n > 0").ShouldBe(0);
    }

    [SkippableFact]
    public void A_run_interrupted_on_one_connection_and_resumed_on_three_does_every_row_once()
    {
        GivenVisits();
        var connections = 1;
        Scenario.Online = m => m.Transform.Table("visits").Column("n").Using(row => row.Get<int>("n") + 1).InBatchesOf(25).InParallel(connections);
        Stop.After = 4;
        Should.Throw<OperationCanceledException>(() => Runner.MigrateUp(2, Stop.Token));
        Count("n = 1").ShouldBe(100);

        connections = 3;
        Stop.After = null;
        Runner.MigrateUp(2);

        Count("n = 1").ShouldBe(Rows);
    }
}
