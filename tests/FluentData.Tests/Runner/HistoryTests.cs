using FluentData.Tests.Infrastructure;
using FluentData.Tests.Migrations.Shapes;
using Microsoft.Extensions.DependencyInjection;

namespace FluentData.Tests.Runner;

/// <summary>The history never lies: an applied data migration edited afterwards is shown, and refused when asked.</summary>
public abstract class HistoryTests<TDatabase>() : MigrationTests<TDatabase>("FluentData.Tests.Migrations.Shapes")
    where TDatabase : TestDatabase, new()
{
    private readonly ShapeScenario _scenario = new();

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton(_scenario);
        services.AddDataMigrations(o => o.ValidateAppliedMigrations());
    }

    private void GivenAnAppliedMigration()
    {
        Db.Execute("CREATE TABLE items (id integer PRIMARY KEY, name varchar(20))");
        Db.Execute("INSERT INTO items VALUES (1, 'A'), (2, 'b')");
        _scenario.InTransaction = m => m.Transform.Table("items").Column("name").UsingSql("lower(name)");
        Runner.MigrateUp(1);
    }

    private bool Changed(long version) => Runner.ListMigrations().Single(m => m.Version == version).HasChangedSinceApplied;

    [SkippableFact]
    public void An_applied_migration_edited_afterwards_is_shown_and_the_runner_refuses_to_migrate_until_it_is_accepted()
    {
        GivenAnAppliedMigration();
        Changed(1).ShouldBeFalse();
        _scenario.InTransaction = m => m.Transform.Table("items").Column("name").UsingSql("upper(name)");

        Changed(1).ShouldBeTrue();
        var error = Should.Throw<DataMigrationException>(() => Runner.MigrateUp());
        error.Message.ShouldContain("ShapeInTransaction (1) has changed since it was applied");
        error.Migration.ShouldBe(new MigrationIdentity(nameof(ShapeInTransaction), 1));
        Runner.ListMigrations().Single(m => m.Version == 2).IsApplied.ShouldBeFalse();

        Runner.AcceptChangedMigrations().ShouldBe([1L]);

        Changed(1).ShouldBeFalse();
        Runner.MigrateUp();
        Db.Rows("SELECT name FROM items ORDER BY id").Select(r => r[0]).ShouldBe(["a", "b"]);
    }

    [SkippableFact]
    public void A_migration_applied_before_the_history_existed_is_not_flagged_and_a_rolled_back_one_is_forgotten()
    {
        GivenAnAppliedMigration();
        Db.Execute("DELETE FROM \"FluentDataHistory\"");
        _scenario.InTransaction = m => m.Transform.Table("items").Column("name").UsingSql("upper(name)");

        Changed(1).ShouldBeFalse();
        Runner.MigrateUp();
        Db.Scalar<long>("SELECT COUNT(*) FROM \"FluentDataHistory\"").ShouldBe(2);

        Runner.MigrateDown(0);

        Db.Scalar<long>("SELECT COUNT(*) FROM \"FluentDataHistory\"").ShouldBe(0);
    }
}

public sealed class SqliteHistoryTests : HistoryTests<SqliteTestDatabase>;

public sealed class PostgresHistoryTests : HistoryTests<PostgresTestDatabase>;
