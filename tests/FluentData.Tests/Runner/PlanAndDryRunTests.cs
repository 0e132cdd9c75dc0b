using FluentData.Tests.Infrastructure;
using FluentData.Tests.Migrations.Verify;
using Microsoft.Extensions.DependencyInjection;

namespace FluentData.Tests.Runner;

/// <summary>Plan and dry run leave the database exactly as it was. Written once, run on every database.</summary>
public abstract class PlanAndDryRunTests<TDatabase>() : MigrationTests<TDatabase>("FluentData.Tests.Migrations.Verify")
    where TDatabase : TestDatabase, new()
{
    private static readonly string[] SnapshotTables = ["accounts", "VersionInfo"];
    private readonly VerifyScenario _scenario = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton(_scenario);

    private void GivenAccounts(params long[] withoutEmail)
    {
        Runner.MigrateUp(1);
        Db.Insert("accounts", ["id", "email"], Enumerable.Range(1, 10)
            .Select(i => new object?[] { (long)i, withoutEmail.Contains(i) ? null : $"User{i}@Example.com" }));
        _scenario.Up = m =>
        {
            m.Alter.Table("accounts").AddColumn("domain").AsString(100).Nullable();
            m.Transform.Table("accounts").Column("normalized").Using(row => row.Get<string>("email")?.ToLowerInvariant());
            m.Transform.Table("accounts").Column("domain").UsingSql("'example.com'").Where("email IS NOT NULL");
            m.Verify.Table("accounts").Column("normalized").HasNoNulls();
        };
    }

    /// <summary>Every table's columns and every row of the tables the tests touch: what "unchanged" means.</summary>
    private string Snapshot()
    {
        var catalog = Db.Engine == "SQLite"
            ? "SELECT name, sql FROM sqlite_master ORDER BY name"
            : "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2";
        var lines = Db.Rows(catalog).Select(r => string.Join("|", r));
        var tables = Db.Rows(catalog).Select(r => (string)r[0]!).Distinct().ToList();
        foreach (var table in SnapshotTables.Where(tables.Contains))
            lines = lines.Concat(Db.Rows($"SELECT * FROM \"{table}\" ORDER BY 1").Select(r => table + ":" + string.Join("|", r)));
        return string.Join("\n", lines);
    }

    [SkippableFact]
    public void Plan_describes_each_pending_step_and_counts_the_rows_a_transform_touches()
    {
        GivenAccounts(withoutEmail: [2, 4]);
        var before = Snapshot();

        var plan = Runner.Plan();

        var migration = plan.Migrations.Single();
        migration.Version.ShouldBe(2);
        migration.Name.ShouldBe(nameof(CheckedMigration));
        migration.Steps.Where(s => s.Kind == "schema").ShouldContain(s => s.Description.Contains("domain", StringComparison.Ordinal));
        var transforms = migration.Steps.Where(s => s.Kind == "transform").ToList();
        transforms[0].Rows.ShouldBe(10);
        transforms[0].Columns.ShouldBe(["normalized"]);
        transforms[1].Rows.ShouldBe(8);
        transforms[1].Filter.ShouldBe("email IS NOT NULL");
        migration.Steps[^1].Kind.ShouldBe("verify");
        migration.Steps[^1].Description.ShouldBe("'accounts'.'normalized' has no NULLs");
        Snapshot().ShouldBe(before);
        Runner.ListMigrations().Single(m => m.Version == 2).IsPending.ShouldBeTrue();
    }

    [SkippableFact]
    public void Plan_on_a_database_never_migrated_creates_nothing()
    {
        _ = Db;
        _scenario.Up = m => m.Transform.Table("accounts").Column("normalized").UsingSql("lower(email)");
        var before = Snapshot();

        var plan = Runner.Plan();

        plan.Migrations.Select(m => m.Version).ShouldBe([1L, 2L]);
        plan.Migrations[0].Steps.ShouldAllBe(s => s.Kind == "schema");
        plan.Migrations[1].Steps.Single(s => s.Kind == "transform").Note.ShouldNotBeNull().ShouldContain("created by an earlier step");
        Snapshot().ShouldBe(before);
    }

    [SkippableFact]
    public void A_dry_run_reports_rows_nulls_samples_and_checks_and_leaves_the_database_as_it_was()
    {
        GivenAccounts(withoutEmail: [3]);
        var before = Snapshot();

        var result = Runner.DryRun();

        result.Migrations.Single().Version.ShouldBe(2);
        var normalize = result.Transforms.Single(t => t.Columns.Single() == "normalized");
        normalize.Rows.ShouldBe(10);
        normalize.NullsProduced["normalized"].ShouldBe(0);
        normalize.Samples.Count.ShouldBe(3);
        normalize.Samples[0].Before.ShouldBe(new object?[] { null });
        normalize.Samples[0].After.ShouldBe(new object?[] { "user1@example.com" });
        result.Transforms.Single(t => t.Columns.Single() == "domain").Rows.ShouldBe(9);
        var check = result.Verifications.Single();
        check.Passed.ShouldBeFalse();
        check.OffendingRows.ShouldBe(1);
        check.SampleKeys.Select(k => k.Value).ShouldBe([3L]);
        result.WouldSucceed.ShouldBeFalse();
        Snapshot().ShouldBe(before);
        Runner.ListMigrations().Single(m => m.Version == 2).IsPending.ShouldBeTrue();
    }

    [SkippableFact]
    public void A_dry_run_of_a_migration_that_would_pass_says_so_and_still_changes_nothing()
    {
        GivenAccounts();
        var before = Snapshot();

        var result = Runner.DryRun();

        result.WouldSucceed.ShouldBeTrue();
        result.Verifications.Single().Passed.ShouldBeTrue();
        Snapshot().ShouldBe(before);

        Runner.MigrateUp().Migrations.Single().Version.ShouldBe(2);
        Db.Scalar<long>("SELECT COUNT(domain) FROM accounts").ShouldBe(10);
    }

}

public sealed class SqlitePlanAndDryRunTests : PlanAndDryRunTests<SqliteTestDatabase>;

public sealed class PostgresPlanAndDryRunTests : PlanAndDryRunTests<PostgresTestDatabase>;
