using FluentData.Tests.Infrastructure;
using FluentData.Tests.Migrations.People;
using Microsoft.Extensions.DependencyInjection;

namespace FluentData.Tests.Execution;

/// <summary>PostgreSQL's own types and schemas round-trip through the array-based batch write.</summary>
public sealed class PostgresTypeTests() : MigrationTests<PostgresTestDatabase>("FluentData.Tests.Migrations.People")
{
    private readonly PeopleScenario _scenario = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton(_scenario);

    [SkippableFact]
    public void Every_common_type_is_written_with_its_own_type()
    {
        Runner.MigrateUp(1);
        Db.Execute("CREATE TYPE mood AS ENUM ('sad', 'happy')");
        Db.Execute("""
            CREATE TABLE things (
                id uuid PRIMARY KEY,
                at timestamptz, local_at timestamp, day date, amount numeric(10,2), ratio double precision,
                flag boolean, small integer, doc jsonb, bytes bytea, feeling mood, tags text[])
            """);
        var id = Guid.Parse("0b7e7dee-87ac-4b51-8d5b-2b4d6f6f1a01");
        Db.Execute("INSERT INTO things (id) VALUES (@id)", ("id", id));
        var at = new DateTime(2026, 11, 26, 10, 30, 0, DateTimeKind.Utc);
        _scenario.Table = "things";
        _scenario.Columns = ["at", "local_at", "day", "amount", "ratio", "flag", "small", "doc", "bytes", "feeling"];
        _scenario.Row = (_, set) =>
        {
            set["at"] = at;
            set["local_at"] = new DateTime(2026, 11, 26, 10, 30, 0, DateTimeKind.Unspecified);
            set["day"] = new DateTime(2026, 11, 26);
            set["amount"] = 12.34m;
            set["ratio"] = 0.5;
            set["flag"] = true;
            set["small"] = 7L;
            set["doc"] = "{\"a\": 1}";
            set["bytes"] = new byte[] { 1, 2, 3 };
            set["feeling"] = "happy";
        };

        Runner.MigrateUp(2);

        var row = Db.Rows("SELECT at, local_at, day, amount, ratio, flag, small, doc::text, bytes, feeling::text FROM things").Single();
        ((DateTime)row[0]!).ToUniversalTime().ShouldBe(at);
        row[1].ShouldBe(new DateTime(2026, 11, 26, 10, 30, 0));
        row[2].ShouldBe(new DateOnly(2026, 11, 26));
        row[3].ShouldBe(12.34m);
        row[4].ShouldBe(0.5);
        row[5].ShouldBe(true);
        row[6].ShouldBe(7);
        row[7].ShouldBe("{\"a\": 1}");
        row[8].ShouldBe(new byte[] { 1, 2, 3 });
        row[9].ShouldBe("happy");
    }

    [SkippableFact]
    public void A_local_time_for_a_timestamptz_column_is_refused_before_writing_with_the_key()
    {
        Runner.MigrateUp(1);
        Db.Execute("CREATE TABLE events (id bigint PRIMARY KEY, at timestamptz)");
        Db.Execute("INSERT INTO events (id) VALUES (1), (2), (3)");
        _scenario.Table = "events";
        _scenario.Columns = ["at"];
        _scenario.Value = row => (long)row.Key.Value == 2 ? new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Local) : new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        var error = Should.Throw<TransformFailedException>(() => Runner.MigrateUp(2));

        error.Message.ShouldContain("the row with key 2");
        error.Message.ShouldContain("UTC");
        Db.Scalar<long>("SELECT COUNT(at) FROM events").ShouldBe(0);
    }

    [SkippableFact]
    public void A_table_in_another_schema_is_found_with_InSchema()
    {
        Runner.MigrateUp(1);
        Db.Execute("CREATE SCHEMA sales");
        Db.Execute("CREATE TABLE sales.\"Orders\" (\"Id\" integer PRIMARY KEY, \"Status\" text)");
        Db.Execute("INSERT INTO sales.\"Orders\" VALUES (1, 'a'), (2, 'c')");
        _scenario.Schema = "sales";
        _scenario.Table = "Orders";
        _scenario.Columns = ["Status"];
        _scenario.Value = row => row.Get<string>("status") == "a" ? "active" : "cancelled";

        Runner.MigrateUp(2);

        Db.Rows("SELECT \"Status\" FROM sales.\"Orders\" ORDER BY \"Id\"").Select(r => r[0]).ShouldBe(["active", "cancelled"]);
    }

}
