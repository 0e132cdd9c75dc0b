using FluentData.Tests.Infrastructure;
using FluentData.Tests.Migrations.Mapping;
using Microsoft.Extensions.DependencyInjection;

namespace FluentData.Tests.Execution;

/// <summary>Map in the database, and transforms that reverse themselves. Written once, run on every database.</summary>
public abstract class MapAndReverseTests<TDatabase>() : MigrationTests<TDatabase>("FluentData.Tests.Migrations.Mapping")
    where TDatabase : TestDatabase, new()
{
    private static readonly Dictionary<object, object?> Statuses = new() { ["A"] = "active", ["C"] = "cancelled" };
    private readonly MappingScenario _scenario = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton(_scenario);

    private void GivenOrders()
    {
        Runner.MigrateUp(1);
        Db.Insert("orders", ["id", "status", "amount"], Enumerable.Range(1, 12)
            .Select(i => new object?[] { (long)i, (i % 4) switch { 0 => "A", 1 => "C", 2 => "X", _ => null }, i * 10 }));
    }

    private List<object?> StatusColumn() => Db.Rows("SELECT status FROM orders ORDER BY id").Select(r => r[0]).ToList();

    private static readonly object?[] Codes = ["C", "X", null, "A"];

    [SkippableFact]
    public void Map_replaces_the_mapped_values_and_leaves_the_others()
    {
        GivenOrders();
        _scenario.Up = m => m.Transform.Table("orders").Column("status").Map(Statuses).InBatchesOf(5);

        Runner.MigrateUp();

        StatusColumn().Take(4).ShouldBe(["cancelled", "X", null, "active"]);
    }

    [SkippableFact]
    public void Map_with_Otherwise_sends_every_other_value_to_the_default()
    {
        GivenOrders();
        _scenario.OneWay = m => m.Transform.Table("orders").Column("status").Map(Statuses).Otherwise("unknown");

        Runner.MigrateUp();

        StatusColumn().Take(4).ShouldBe(["cancelled", "unknown", "unknown", "active"]);
    }

    [SkippableFact]
    public void A_map_with_values_the_column_cannot_hold_fails_before_anything_changes()
    {
        GivenOrders();
        _scenario.Up = m => m.Transform.Table("orders").Column("status").Map(new Dictionary<object, object?> { ["A"] = 1 });

        var error = Should.Throw<TableSchemaException>(() => Runner.MigrateUp());

        error.Message.ShouldContain("Map on 'orders'.'status' in ReshapeOrders (2)");
        error.Message.ShouldContain("Int32 1");
        StatusColumn().Take(4).ShouldBe(Codes);
    }

    [SkippableFact]
    public void A_one_to_one_map_reverses_itself()
    {
        GivenOrders();
        _scenario.Up = m => m.Transform.Table("orders").Column("status").Map(Statuses);
        Runner.MigrateUp();

        Runner.MigrateDown(1);

        StatusColumn().Take(4).ShouldBe(Codes);
    }

    [SkippableFact]
    public void A_transform_with_Reverse_is_undone_by_the_generated_Down()
    {
        GivenOrders();
        _scenario.Up = m =>
        {
            m.Alter.Table("orders").AddColumn("cents").AsInt64().Nullable();
            m.Transform.Table("orders").Column("amount")
                .Using(row => row.Get<int>("amount") * 100)
                .Reverse(row => row.Get<int>("amount") / 100);
        };
        Runner.MigrateUp();
        Db.Scalar<long>("SELECT amount FROM orders WHERE id = 3").ShouldBe(3000);

        Runner.MigrateDown(1);

        Db.Scalar<long>("SELECT amount FROM orders WHERE id = 3").ShouldBe(30);
        Db.Rows("SELECT * FROM orders WHERE id = 3").Single().Length.ShouldBe(3);
    }

    [SkippableTheory]
    [InlineData("no inverse", "it has no .Reverse(row => ...)")]
    [InlineData("Otherwise", "its Map is not one-to-one")]
    [InlineData("Where on the target", "its Where(\"status IN ('A', 'C')\") reads 'status'")]
    public void A_transform_its_generated_Down_could_not_undo_is_refused_before_Up_writes_anything(string shape, string reason)
    {
        GivenOrders();
        var before = Dump();
        _scenario.Up = m =>
        {
            m.Alter.Table("orders").AddColumn("note").AsString(10).Nullable();
            var status = m.Transform.Table("orders").Column("status");
            _ = shape switch
            {
                "no inverse" => (object)status.Using(_ => "gone"),
                "Otherwise" => status.Map(Statuses).Otherwise("unknown"),
                _ => status.Map(Statuses).Where("status IN ('A', 'C')"),
            };
        };

        var error = Should.Throw<DataMigrationException>(() => Runner.MigrateUp());

        error.Message.ShouldContain("Transform on 'orders'.'status' in ReshapeOrders (2) cannot be reversed");
        error.Message.ShouldContain(reason);
        error.Message.ShouldContain("write Down() yourself");
        Dump().ShouldBe(before);
        Runner.ListMigrations().Single(m => m.Version == 2).IsApplied.ShouldBeFalse();
    }

    [SkippableFact]
    public void A_map_onto_a_value_some_rows_already_hold_is_refused_before_Up_writes_anything()
    {
        GivenOrders();
        var before = Dump();
        _scenario.Up = m => m.Transform.Table("orders").Column("status").Map(new Dictionary<object, object?> { ["A"] = "C" });

        var error = Should.Throw<TableSchemaException>(() => Runner.MigrateUp());

        error.Message.ShouldContain("cannot be reversed exactly: 3 rows already hold String \"C\"");
        Dump().ShouldBe(before);
    }

    [SkippableFact]
    public void Up_then_the_generated_Down_leaves_every_row_as_it_was()
    {
        GivenOrders();
        var before = Dump();
        _scenario.Up = m =>
        {
            m.Alter.Table("orders").AddColumn("code").AsString(20).Nullable();
            m.Transform.Table("orders").Column("code").UsingSql("status");
            m.Transform.Table("orders").Column("status").Map(new Dictionary<object, object?> { ["A"] = "C", ["C"] = "A", ["X"] = "Y" }).Where("amount > 20");
            m.Transform.Table("orders").Column("amount").Using(row => row.Get<int>("amount") + 1).Reverse(row => row.Get<int>("amount") - 1);
        };
        Runner.MigrateUp();
        Dump().ShouldNotBe(before);

        Runner.MigrateDown(1);

        Dump().ShouldBe(before);
    }

    private List<string> Dump() =>
        Db.Rows("SELECT * FROM orders ORDER BY id").Select(r => string.Join("|", r.Select(v => v?.ToString() ?? "NULL"))).ToList();
}

public sealed class SqliteMapAndReverseTests : MapAndReverseTests<SqliteTestDatabase>;

public sealed class PostgresMapAndReverseTests : MapAndReverseTests<PostgresTestDatabase>;
