using FluentData.Testing;
using FluentData.Tests.Infrastructure;
using FluentData.Tests.Migrations.Mapping;
using FluentMigrator.Runner.Initialization;
using Microsoft.Extensions.DependencyInjection;

namespace FluentData.Tests.Testing;

/// <summary>The helper users test their own migrations with, used the way they would. Written once, run on every database.</summary>
public abstract class DataMigrationTesterTests<TDatabase> : IDisposable
    where TDatabase : TestDatabase, new()
{
    private readonly MappingScenario _scenario = new();
    private TDatabase? _database;
    private DataMigrationTester? _tester;

    private TDatabase Db => _database ??= new TDatabase();

    private DataMigrationTester Tester => _tester ??= new DataMigrationTester(
        o => Db.Use(o).ScanIn(typeof(DataMigrationTesterTests<>).Assembly),
        s => s.AddSingleton(_scenario).Configure<TypeFilterOptions>(f => f.Namespace = "FluentData.Tests.Migrations.Mapping"));

    [SkippableFact]
    public void A_test_seeds_rows_just_before_a_migration_runs_it_and_reads_the_result()
    {
        _scenario.Up = m => m.Transform.Table("orders").Column("status").Map(new Dictionary<object, object?> { ["A"] = "active" });

        Tester.MigrateToJustBefore(2);
        Tester.Execute("INSERT INTO orders (id, status) VALUES (@id, @status)", ("@id", 1L), ("@status", "A"));
        Tester.Execute("INSERT INTO orders (id, status) VALUES (@id, @status)", ("@id", 2L), ("@status", "B"));
        Tester.Migrate(2);

        Tester.Rows("SELECT id, status FROM orders ORDER BY id").Select(r => r["status"]).ShouldBe(["active", "B"]);
    }

    [SkippableFact]
    public void MigrateToJustBefore_rolls_back_a_migration_already_applied()
    {
        _scenario.Up = m => m.Transform.Table("orders").Column("status").Map(new Dictionary<object, object?> { ["A"] = "active" });
        Tester.Migrate(2);

        Tester.MigrateToJustBefore(2);

        Tester.Runner.ListMigrations().Select(m => m.IsApplied).ShouldBe([true, false, false]);
    }

    [SkippableFact]
    public void A_round_trip_of_a_reversible_migration_passes()
    {
        _scenario.Up = m => m.Transform.Table("orders").Column("amount").Using(row => row.Get<int>("amount") * 100).Reverse(row => row.Get<int>("amount") / 100);
        Tester.MigrateToJustBefore(2);
        Tester.Execute("INSERT INTO orders (id, status, amount) VALUES (1, 'A', 5), (2, NULL, 7)");

        Tester.AssertRoundTrip(2, "orders");

        Tester.Rows("SELECT amount FROM orders ORDER BY id").Select(r => Convert.ToInt64(r["amount"], System.Globalization.CultureInfo.InvariantCulture)).ShouldBe([500L, 700L]);
    }

    [SkippableFact]
    public void A_Down_that_does_not_restore_the_data_is_caught_with_the_row()
    {
        _scenario.OneWay = m => m.Transform.Table("orders").Column("amount").Using(row => row.Get<int>("amount") * 100);
        _scenario.OneWayDown = m => m.Transform.Table("orders").Column("amount").Using(row => row.Get<int>("amount") / 10);
        Tester.MigrateToJustBefore(3);
        Tester.Execute("INSERT INTO orders (id, status, amount) VALUES (1, 'A', 5)");

        var error = Should.Throw<RoundTripException>(() => Tester.AssertRoundTrip(3, "orders"));

        error.Message.ShouldContain("Table 'orders' after Down of migration 3 differs from before its Up");
        error.Message.ShouldContain("amount=5");
        error.Message.ShouldContain("amount=50");
        error.Migration.ShouldBe(new MigrationIdentity(nameof(ReshapeOrdersOneWay), 3));
    }

    [SkippableFact]
    public void A_generated_Down_whose_Reverse_would_not_restore_a_row_is_refused_by_Up_with_the_row()
    {
        _scenario.Up = m => m.Transform.Table("orders").Column("amount").Using(row => row.Get<int>("amount") * 100).Reverse(row => row.Get<int>("amount") / 10);
        Tester.MigrateToJustBefore(2);
        Tester.Execute("INSERT INTO orders (id, status, amount) VALUES (1, 'A', 5)");

        var error = Should.Throw<TransformFailedException>(() => Tester.AssertRoundTrip(2, "orders"));

        error.Message.ShouldContain("the row with key 1: its Reverse(...) does not give the row back");
        Tester.Rows("SELECT amount FROM orders").Single()["amount"].ShouldBe(5);
    }

    public void Dispose()
    {
        _tester?.Dispose();
        _database?.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteDataMigrationTesterTests : DataMigrationTesterTests<SqliteTestDatabase>;

public sealed class PostgresDataMigrationTesterTests : DataMigrationTesterTests<PostgresTestDatabase>;
