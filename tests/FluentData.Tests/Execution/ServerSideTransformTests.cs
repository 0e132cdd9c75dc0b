using FluentData.Tests.Infrastructure;
using FluentData.Tests.Migrations.People;
using Microsoft.Extensions.DependencyInjection;

namespace FluentData.Tests.Execution;

/// <summary>UsingSql: the database computes the value, in key-range batches. Written once, run on every database.</summary>
public abstract class ServerSideTransformTests<TDatabase>() : MigrationTests<TDatabase>("FluentData.Tests.Migrations.People")
    where TDatabase : TestDatabase, new()
{
    private readonly PeopleScenario _scenario = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton(_scenario);

    private void GivenPeople(int count)
    {
        Runner.MigrateUp(1);
        Db.Insert("people", ["id", "first_name", "last_name"], Enumerable.Range(1, count)
            .Select(i => new object?[] { (long)i, i % 10 == 0 ? null : $"First{i}", $"Last{i}" }));
    }

    private long Count(string where) => Db.Scalar<long>($"SELECT COUNT(*) FROM people WHERE {where}");

    [SkippableTheory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1_000)]
    public void Every_matching_row_gets_the_databases_value_whatever_the_batch_size(int batchSize)
    {
        GivenPeople(50);
        _scenario.Sql = "upper(last_name)";
        _scenario.Filter = "first_name IS NOT NULL";
        _scenario.BatchSize = batchSize;

        var result = Runner.MigrateUp(2);

        Count("full_name = upper(last_name)").ShouldBe(45);
        Count("full_name IS NULL").ShouldBe(5);
        var transform = result.Migrations.Single().Transforms.Single();
        transform.Rows.ShouldBe(45);
        // Integer keys are cut into ranges by value, so a filter can leave a range empty.
        transform.Batches.ShouldBeInRange((int)Math.Ceiling(45.0 / batchSize), (int)Math.Ceiling(50.0 / batchSize));
    }

    [SkippableFact]
    public void A_value_the_column_cannot_hold_rolls_back_and_names_the_range()
    {
        GivenPeople(20);
        _scenario.Columns = ["visits"];
        _scenario.Sql = "CASE WHEN id = 12 THEN NULL ELSE 1 END";
        _scenario.BatchSize = 5;

        var error = Should.Throw<TransformFailedException>(() => Runner.MigrateUp(2));

        error.Message.ShouldContain(Db.Engine == "SQLite" ? "the row with key 12" : "the batch of keys 11 to 15");
        Count("visits = 1").ShouldBe(0);
    }

    [SkippableFact]
    public void Online_it_commits_per_range_resumes_exactly_once_and_names_the_refused_row()
    {
        GivenPeople(35);
        Runner.MigrateUp(2);
        Db.Execute("CREATE UNIQUE INDEX ux_people_big_visits ON people (visits) WHERE visits > 1000");
        _scenario.Sql = "CASE WHEN id IN (24, 26) THEN 5000 ELSE visits + 1 END";

        var error = Should.Throw<TransformFailedException>(() => Runner.MigrateUp());

        error.Message.ShouldContain("the row with key 26");
        Count("visits = 1").ShouldBe(20);

        _scenario.Sql = "visits + 1";
        Should.Throw<CheckpointMismatchException>(() => Runner.MigrateUp());
        Runner.DiscardCheckpoints(3);
        Db.Execute("DROP INDEX ux_people_big_visits");
        Db.Execute("UPDATE people SET visits = 0");
        Db.Execute("ALTER TABLE people DROP COLUMN online_note");

        Runner.MigrateUp();
        Count("visits = 1").ShouldBe(35);
    }

}

public sealed class SqliteServerSideTransformTests : ServerSideTransformTests<SqliteTestDatabase>;

public sealed class PostgresServerSideTransformTests : ServerSideTransformTests<PostgresTestDatabase>;
