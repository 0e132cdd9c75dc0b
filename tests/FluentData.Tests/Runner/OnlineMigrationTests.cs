using FluentData.Dialects;
using FluentData.Tests.Infrastructure;
using FluentData.Tests.Migrations.People;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FluentData.Tests.Runner;

/// <summary>Online migrations, checkpoints, progress, cancellation and the lock, in process, on every database.</summary>
public abstract class OnlineMigrationTests<TDatabase>() : MigrationTests<TDatabase>("FluentData.Tests.Migrations.People")
    where TDatabase : TestDatabase, new()
{
    private readonly PeopleScenario _scenario = new() { Value = row => row.Get<int>("visits") + 1 };
    private readonly ProgressLog _progress = new();
    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton(_scenario);
        services.AddDataMigrations(o => o.ReportProgressTo(_progress).WithLockTimeout(TimeSpan.FromSeconds(1)));
    }

    private void GivenPeople(int count, long version = 2)
    {
        Runner.MigrateUp(version);
        Db.Insert("people", ["id", "first_name", "last_name"], Enumerable.Range(1, count).Select(i => new object?[] { (long)i, $"F{i}", $"L{i}" }));
    }

    private long Count(string where) => Db.Scalar<long>($"SELECT COUNT(*) FROM people WHERE {where}");

    private bool IsApplied(long version) => Runner.ListMigrations().Single(m => m.Version == version).IsApplied;

    [SkippableFact]
    public void A_failed_online_run_keeps_its_committed_batches_and_the_rerun_resumes_there_exactly_once()
    {
        GivenPeople(35);
        var failOn25 = true;
        _scenario.Value = row => failOn25 && (long)row.Key.Value == 25 ? throw new InvalidOperationException("bad data") : row.Get<int>("visits") + 1;

        Should.Throw<TransformFailedException>(() => Runner.MigrateUp()).Key!.Value.ShouldBe(25L);
        Count("visits = 1").ShouldBe(20);
        IsApplied(3).ShouldBeFalse();

        failOn25 = false;
        var rerun = Runner.MigrateUp();

        Count("visits = 1").ShouldBe(35);
        IsApplied(3).ShouldBeTrue();
        rerun.Migrations.Single().Transforms.Single().Rows.ShouldBe(35);
        Db.Scalar<long>("SELECT COUNT(*) FROM \"FluentDataCheckpoints\"").ShouldBe(0);
    }

    [SkippableFact]
    public void A_checkpoint_an_earlier_version_wrote_resumes_exactly_and_its_table_gains_the_exact_key_column()
    {
        Db.Execute("""
            CREATE TABLE "FluentDataCheckpoints" ("version" bigint NOT NULL, "step" integer NOT NULL, "fingerprint" varchar(64) NOT NULL,
                "completed" integer NOT NULL, "last_key" varchar(400) NULL, "rows_done" bigint NOT NULL, "updated_at" varchar(40) NOT NULL,
                PRIMARY KEY ("version", "step"))
            """);
        GivenPeople(35);
        var failOn25 = true;
        _scenario.Value = row => failOn25 && (long)row.Key.Value == 25 ? throw new InvalidOperationException("bad data") : row.Get<int>("visits") + 1;
        Should.Throw<TransformFailedException>(() => Runner.MigrateUp());
        Db.Execute("UPDATE \"FluentDataCheckpoints\" SET \"state\" = NULL");

        failOn25 = false;
        Runner.MigrateUp();

        Count("visits = 1").ShouldBe(35);
    }

    [SkippableFact]
    public void Plan_and_dry_run_of_an_interrupted_online_migration_show_what_its_rerun_would_do()
    {
        GivenPeople(35);
        var failOn25 = true;
        _scenario.Value = row => failOn25 && (long)row.Key.Value == 25 ? throw new InvalidOperationException("bad data") : row.Get<int>("visits") + 1;
        Should.Throw<TransformFailedException>(() => Runner.MigrateUp());
        failOn25 = false;

        var steps = Runner.Plan().Migrations.Single().Steps;
        var dryRun = Runner.DryRun();

        steps.ShouldNotContain(s => s.Description.Contains("online_note", StringComparison.Ordinal));
        var transform = steps.Single(s => s.Kind == "transform");
        transform.Rows.ShouldBe(15);
        transform.Note.ShouldBe("resumes after key 20, 20 rows done in an earlier run");
        dryRun.Failure.ShouldBeNull();
        dryRun.Transforms.Single().RowsChanged.ShouldBe(35);
        dryRun.WouldSucceed.ShouldBeTrue();
        Count("visits = 1").ShouldBe(20);
        Runner.MigrateUp();
        Count("visits = 1").ShouldBe(35);
    }

    [SkippableFact]
    public void A_row_the_database_refuses_online_is_named_by_its_key_and_its_batch_is_not_kept()
    {
        GivenPeople(35);
        Db.Execute("CREATE UNIQUE INDEX ux_people_big_visits ON people (visits) WHERE visits > 1000");
        _scenario.Value = row => (long)row.Key.Value is 24 or 26 ? 5_000 : row.Get<int>("visits") + 1;

        var error = Should.Throw<TransformFailedException>(() => Runner.MigrateUp());

        error.Message.ShouldContain("refused to write the row with key 26");
        error.Key!.Value.ShouldBe(26L);
        Count("visits = 1").ShouldBe(20);
        Count("visits = 5000").ShouldBe(0);
    }

    [SkippableFact]
    public void A_changed_migration_does_not_resume_from_old_checkpoints()
    {
        GivenPeople(35);
        _scenario.Value = row => (long)row.Key.Value == 25 ? throw new InvalidOperationException("bad data") : row.Get<int>("visits") + 1;
        Should.Throw<TransformFailedException>(() => Runner.MigrateUp());
        _scenario.Value = row => row.Get<int>("visits") + 1;
        _scenario.Filter = "id > 5";

        var error = Should.Throw<CheckpointMismatchException>(() => Runner.MigrateUp());

        error.Message.ShouldContain("CountVisitsOnline (3)");
        error.Message.ShouldContain("has changed");
        error.Message.ShouldContain("DiscardCheckpoints(3)");
        Count("visits = 1").ShouldBe(20);

        // Discarding means starting over: the schema change that already ran now fails, as it would by hand.
        Runner.DiscardCheckpoints(3);
        Should.Throw<Exception>(() => Runner.MigrateUp()).ToString().ShouldContain("online_note");
    }

    [SkippableFact]
    public void Checkpoints_of_a_migration_that_no_longer_exists_stop_the_run_before_anything_changes()
    {
        GivenPeople(5);
        Db.Execute("""CREATE TABLE "FluentDataCheckpoints" ("version" bigint NOT NULL, "step" integer NOT NULL, "fingerprint" varchar(64) NOT NULL, "completed" integer NOT NULL, "last_key" varchar(400) NULL, "rows_done" bigint NOT NULL, "updated_at" varchar(40) NOT NULL, PRIMARY KEY ("version", "step"))""");
        Db.Execute("""INSERT INTO "FluentDataCheckpoints" VALUES (999, 1, 'x', 0, '3', 3, '2026-11-26')""");

        var error = Should.Throw<CheckpointMismatchException>(() => Runner.MigrateUp());

        error.Message.ShouldContain("migration 999");
        error.Message.ShouldContain("DiscardCheckpoints(999)");
        IsApplied(3).ShouldBeFalse();
        Count("visits = 0").ShouldBe(5);
    }

    [SkippableFact]
    public void Cancelling_an_online_run_keeps_its_checkpoint_and_the_next_run_finishes_the_rest()
    {
        GivenPeople(50);
        using var cancel = new CancellationTokenSource();
        _scenario.Value = row =>
        {
            if ((long)row.Key.Value == 30)
                cancel.Cancel();
            return row.Get<int>("visits") + 1;
        };

        Should.Throw<OperationCanceledException>(() => Runner.MigrateUp(cancel.Token));

        // Whole batches up to the one being transformed when it was cancelled (on PostgreSQL the
        // next batches are transformed while the earlier ones are written, so fewer may be kept).
        var kept = Count("visits = 1");
        kept.ShouldBeInRange(10, 30);
        (kept % 10).ShouldBe(0);
        Count("visits = 0").ShouldBe(50 - kept);

        Runner.MigrateUp();
        Count("visits = 1").ShouldBe(50);
    }

    [SkippableFact]
    public void Cancelling_a_transactional_run_rolls_it_back()
    {
        GivenPeople(30, version: 1);
        using var cancel = new CancellationTokenSource();
        _scenario.BatchSize = 10;
        _scenario.Value = row =>
        {
            if ((long)row.Key.Value == 15)
                cancel.Cancel();
            return "x";
        };

        Should.Throw<OperationCanceledException>(() => Runner.MigrateUp(2, cancel.Token));

        Count("full_name IS NULL").ShouldBe(30);
        IsApplied(2).ShouldBeFalse();
    }

    [SkippableFact]
    public void Progress_is_reported_after_every_batch_with_the_expected_rows()
    {
        GivenPeople(35);

        Runner.MigrateUp();

        var online = _progress.Reports.Where(p => p.Migration.Version == 3).ToList();
        online.Select(p => p.RowsDone).ShouldBe([10L, 20L, 30L, 35L, 35L]);
        online.ShouldAllBe(p => p.RowsExpected == 35 && !p.ExpectedIsEstimate && p.Table == "people");
        online[^1].Completed.ShouldBeTrue();
        online[^1].Fraction.ShouldBe(1.0);
    }

    [SkippableFact]
    public void ThrottleBy_pauses_between_batches()
    {
        GivenPeople(40);
        _scenario.Throttle = TimeSpan.FromMilliseconds(60);

        var result = Runner.MigrateUp();

        result.Migrations.Single().Transforms.Single().Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(3 * 60));
        Count("visits = 1").ShouldBe(40);
    }

    [SkippableFact]
    public void A_runner_that_cannot_get_the_lock_in_time_says_so_and_changes_nothing()
    {
        GivenPeople(5);
        var options = Services.GetRequiredService<IOptions<DataMigrationOptions>>().Value;
        var dialect = Services.GetServices<IDataDialect>().First(d => d.HandlesProcessor(options.ProcessorId!));
        using (dialect.CreateLock(Db.ConnectionString).Acquire(TimeSpan.Zero, CancellationToken.None))
        {
            var error = Should.Throw<MigrationLockTimeoutException>(() => Runner.MigrateUp());

            error.Message.ShouldContain("Another migration runner has held the migration lock");
            error.Message.ShouldContain("WithLockTimeout");
            error.Holder.ShouldNotBeNull().ShouldContain($"process {Environment.ProcessId}");
        }

        IsApplied(3).ShouldBeFalse();
        Runner.MigrateUp().Migrations.Single().Version.ShouldBe(3);
    }

}

public sealed class SqliteOnlineMigrationTests : OnlineMigrationTests<SqliteTestDatabase>;

public sealed class PostgresOnlineMigrationTests : OnlineMigrationTests<PostgresTestDatabase>;
