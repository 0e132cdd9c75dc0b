using FluentData.Tests.Infrastructure;
using FluentData.Tests.Migrations.Shapes;
using Microsoft.Extensions.DependencyInjection;

namespace FluentData.Tests.Execution;

/// <summary>
/// "Changed" means the value differs: rows a transform leaves as they were are not written (an
/// update trigger does not fire for them), and every report counts rows read apart from rows changed.
/// </summary>
public abstract class ChangedRowsTests<TDatabase>() : MigrationTests<TDatabase>("FluentData.Tests.Migrations.Shapes")
    where TDatabase : TestDatabase, new()
{
    protected ShapeScenario Scenario { get; } = new();
    private readonly ProgressLog _progress = new();

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton(Scenario);
        services.AddDataMigrations(o => o.ReportProgressTo(_progress));
    }

    /// <summary>200 orders, status 'A' except every 50th ('X'), and a trigger that counts the rows each UPDATE writes.</summary>
    protected abstract void GivenOrdersWithAnUpdateTrigger();

    private long RowsWritten => Db.Scalar<long>("SELECT n FROM writes");

    [SkippableTheory]
    [InlineData("C#")]
    [InlineData("SQL")]
    [InlineData("Map")]
    public void A_transform_that_changes_one_row_in_a_hundred_writes_one_row_in_a_hundred(string path)
    {
        GivenOrdersWithAnUpdateTrigger();
        Scenario.InTransaction = m =>
        {
            var status = m.Transform.Table("orders").Column("status");
            _ = path switch
            {
                "C#" => status.Using(row => (string?)row["status"] == "X" ? "cancelled" : row["status"]).InBatchesOf(30),
                "SQL" => status.UsingSql("CASE WHEN status = 'X' THEN 'cancelled' ELSE status END").InBatchesOf(30),
                _ => (object)status.Map(new Dictionary<object, object?> { ["X"] = "cancelled", ["A"] = "A" }).InBatchesOf(30),
            };
        };

        var result = Runner.MigrateUp(1).Migrations.Single().Transforms.Single();

        RowsWritten.ShouldBe(4);
        result.Rows.ShouldBe(200);
        result.RowsChanged.ShouldBe(4);
        _progress.Reports[^1].RowsDone.ShouldBe(200);
        _progress.Reports[^1].RowsChanged.ShouldBe(4);
        Db.Scalar<long>("SELECT COUNT(*) FROM orders WHERE status = 'cancelled'").ShouldBe(4);
    }

    [SkippableFact]
    public void An_online_transform_that_changes_nothing_writes_nothing_and_still_finishes()
    {
        GivenOrdersWithAnUpdateTrigger();
        Scenario.Online = m => m.Transform.Table("orders").Column("status").Using(row => row["status"]).InBatchesOf(30);

        var result = Runner.MigrateUp().Migrations.Single(x => x.Version == 2).Transforms.Single();

        RowsWritten.ShouldBe(0);
        (result.Rows, result.RowsChanged, result.Batches).ShouldBe((200L, 0L, 7));
    }

    [SkippableFact]
    public void A_case_change_is_a_change_even_where_the_collation_ignores_case()
    {
        GivenOrdersWithAnUpdateTrigger();
        Scenario.InTransaction = m => m.Transform.Table("orders").Column("status").UsingSql("lower(status)");

        Runner.MigrateUp(1).RowsChanged.ShouldBe(200);

        Db.Scalar<long>("SELECT COUNT(*) FROM orders WHERE status IN ('a', 'x')").ShouldBe(200);
    }

    [SkippableFact]
    public void The_function_runs_once_per_row_even_where_a_trigger_makes_the_database_evaluate_every_WHERE_first()
    {
        GivenOrdersWithAnUpdateTrigger();
        var calls = 0;
        Scenario.InTransaction = m => m.Transform.Table("orders").Column("note")
            .Using(row => $"n{Interlocked.Increment(ref calls)}").InBatchesOf(30);

        Runner.MigrateUp(1).RowsChanged.ShouldBe(200);

        calls.ShouldBe(200);
        Db.Rows("SELECT note FROM orders").Select(r => r[0]).Distinct().Count().ShouldBe(200);
    }

    [SkippableTheory]
    [InlineData("C#")]
    [InlineData("SQL")]
    public void Counts_stay_exact_when_most_rows_change_and_then_few_do(string path)
    {
        GivenOrdersWithAnUpdateTrigger();
        Db.Execute("UPDATE orders SET note = 'keep' WHERE id > 100");
        Db.Execute("UPDATE writes SET n = 0");
        Scenario.InTransaction = m =>
        {
            var note = m.Transform.Table("orders").Column("note");
            _ = path == "C#" ? note.Using(_ => "keep").InBatchesOf(25) : (object)note.UsingSql("'keep'").InBatchesOf(25);
        };

        var result = Runner.MigrateUp(1).Migrations.Single().Transforms.Single();

        (result.Rows, result.RowsChanged).ShouldBe((200L, 100L));
        Db.Scalar<long>("SELECT COUNT(*) FROM orders WHERE note = 'keep'").ShouldBe(200);
        RowsWritten.ShouldBeInRange(100, 125);
    }

    [SkippableTheory]
    [InlineData("C#")]
    [InlineData("SQL")]
    public void A_dry_run_counts_values_that_became_NULL_and_samples_rows_that_change(string path)
    {
        GivenOrdersWithAnUpdateTrigger();
        Db.Execute("UPDATE orders SET note = 'n' WHERE id <= 100");
        Db.Execute("DELETE FROM writes");
        Db.Execute("INSERT INTO writes (n) VALUES (0)");
        Scenario.InTransaction = m =>
        {
            var note = m.Transform.Table("orders").Column("note");
            (path == "C#" ? note.Using(row => (long)row.Key.Value % 2 == 0 ? null : "odd") : note.UsingSql("CASE WHEN id % 2 = 0 THEN NULL ELSE 'odd' END"))
                .Where("note IS NOT NULL OR id > 190").InBatchesOf(30);
        };

        var transform = Runner.DryRun().Transforms.Single();

        transform.Rows.ShouldBe(110);
        transform.RowsChanged.ShouldBe(110 - 5);
        transform.NullsProduced["note"].ShouldBe(50);
        transform.Samples.Select(s => (s.Key.ToString(), s.Before[0], s.After[0])).ShouldBe([("1", "n", "odd"), ("2", "n", null), ("3", "n", "odd")]);
        RowsWritten.ShouldBe(0);
    }

}

public sealed class SqliteChangedRowsTests : ChangedRowsTests<SqliteTestDatabase>
{
    protected override void GivenOrdersWithAnUpdateTrigger()
    {
        Db.Execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, status TEXT COLLATE NOCASE, note TEXT)");
        Db.Execute("CREATE TABLE writes (n INTEGER NOT NULL)");
        Db.Execute("INSERT INTO writes VALUES (0)");
        Db.Execute("CREATE TRIGGER count_writes AFTER UPDATE ON orders BEGIN UPDATE writes SET n = n + 1; END");
        Db.Execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) INSERT INTO orders (id, status) SELECT i, CASE WHEN i % 50 = 0 THEN 'X' ELSE 'A' END FROM n");
    }

    /// <summary>A column declared without a type keeps 1 and 1.0 apart, though they compare equal.</summary>
    [Fact]
    public void Turning_integers_into_reals_in_a_column_without_a_type_is_a_change()
    {
        Db.Execute("CREATE TABLE readings (id INTEGER PRIMARY KEY, amount)");
        Db.Execute("INSERT INTO readings VALUES (1, 1), (2, 2.5), (3, 3), (4, NULL)");
        Scenario.InTransaction = m => m.Transform.Table("readings").Column("amount").UsingSql("amount * 1.0");

        Runner.MigrateUp(1).RowsChanged.ShouldBe(2);

        Db.Scalar<long>("SELECT COUNT(*) FROM readings WHERE typeof(amount) = 'real'").ShouldBe(3);
    }
}

public sealed class PostgresChangedRowsTests : ChangedRowsTests<PostgresTestDatabase>
{
    protected override void GivenOrdersWithAnUpdateTrigger()
    {
        Db.Execute("CREATE EXTENSION IF NOT EXISTS citext");
        Db.Execute("CREATE TABLE orders (id bigint PRIMARY KEY, status citext, note text)");
        Db.Execute("CREATE TABLE writes (n bigint NOT NULL)");
        Db.Execute("INSERT INTO writes VALUES (0)");
        Db.Execute("""
            CREATE FUNCTION count_writes() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE writes SET n = n + 1; RETURN NEW; END $$;
            CREATE TRIGGER count_writes AFTER UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION count_writes();
            """);
        Db.Execute("INSERT INTO orders (id, status) SELECT i, CASE WHEN i % 50 = 0 THEN 'X' ELSE 'A' END FROM generate_series(1, 200) i");
        using var connection = Db.Open();
        (connection as Npgsql.NpgsqlConnection)?.ReloadTypes();
    }
}
