using FluentData.Tests.Infrastructure;
using FluentData.Tests.Migrations.People;
using Microsoft.Extensions.DependencyInjection;

namespace FluentData.Tests.Execution;

/// <summary>
/// On PostgreSQL a C# transform reads and transforms its next batches on a second connection
/// while the migration's connection writes. These are the cases where that second connection
/// could go wrong.
/// </summary>
public sealed class PostgresReadAheadTests() : MigrationTests<PostgresTestDatabase>("FluentData.Tests.Migrations.People")
{
    private readonly PeopleScenario _scenario = new() { BatchSize = 10 };

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton(_scenario);

    private void GivenPeople(int count)
    {
        Runner.MigrateUp(1);
        Db.Insert("people", ["id", "first_name", "last_name"], Enumerable.Range(1, count)
            .Select(i => new object?[] { (long)i, $"First{i}", $"Last{i}" }));
    }

    [SkippableFact]
    public void A_lock_queued_behind_the_migration_does_not_make_it_wait_for_ever()
    {
        GivenPeople(50);
        Task? alter = null;
        _scenario.Value = row =>
        {
            if (alter is null)
            {
                // Another session asks for the table while the migration holds it: its request
                // waits for the migration, and any later share lock queues behind it.
                alter = Task.Run(() => Db.Execute("ALTER TABLE people ADD COLUMN nickname text"));
                SpinWait.SpinUntil(() => Db.Scalar<long>("SELECT COUNT(*) FROM pg_locks WHERE relation = 'people'::regclass AND NOT granted") > 0, TimeSpan.FromSeconds(30))
                    .ShouldBeTrue("the ALTER TABLE never queued");
            }

            return $"{row["first_name"]} {row["last_name"]}";
        };

        var migrate = Task.Run(() => Runner.MigrateUp(2));
        // Well within the ALTER TABLE's own 30 s command timeout, which would otherwise end the wait.
        var finished = migrate.Wait(TimeSpan.FromSeconds(15));
        if (!finished)
            Db.Execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");

        finished.ShouldBeTrue("the migration waited for a lock that waits for the migration");
        migrate.Result.RowsTransformed.ShouldBe(50);
        alter!.Wait(TimeSpan.FromSeconds(30)).ShouldBeTrue();
        Db.Scalar<long>("SELECT COUNT(*) FROM people WHERE full_name = 'First' || id || ' Last' || id").ShouldBe(50);
        Db.Scalar<long>("SELECT COUNT(*) FROM information_schema.columns WHERE table_name = 'people' AND column_name = 'nickname'").ShouldBe(1);
    }

    [SkippableFact]
    public void A_transform_after_a_write_of_the_same_migration_sees_that_write()
    {
        // A second connection could not see the rows this migration's transaction inserted
        // first, so the reads stay on the migration's connection.
        GivenPeople(25);
        _scenario.SqlBefore = "INSERT INTO people (id, first_name, last_name) SELECT g, 'First' || g, 'Last' || g FROM generate_series(26, 45) g";

        Runner.MigrateUp(2).RowsTransformed.ShouldBe(45);

        Db.Scalar<long>("SELECT COUNT(*) FROM people WHERE full_name = 'First' || id || ' Last' || id").ShouldBe(45);
    }

    [SkippableTheory]
    [InlineData(null, true)]
    [InlineData("SET TimeZone TO 'Asia/Tokyo'", false)]
    [InlineData("SET search_path TO public", false)]
    [InlineData("SET ROLE reader", false)]
    [InlineData("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", false)]
    public void A_second_connection_reads_ahead_only_when_its_session_matches_the_migrations(string? set, bool readsAhead)
    {
        Runner.MigrateUp(1);
        Db.Execute("CREATE ROLE reader; GRANT SELECT ON people TO reader");
        try
        {
            using var connection = (Npgsql.NpgsqlConnection)Db.Open();
            using var transaction = connection.BeginTransaction();
            if (set is not null)
            {
                using var command = new Npgsql.NpgsqlCommand(set, connection, transaction);
                command.ExecuteNonQuery();
            }

            var dialect = new FluentData.Postgres.PostgresDialect();
            var table = dialect.ReadSchema(connection, transaction, new FluentData.Dialects.TableName(null, "people"))!;
            using var reader = dialect.OpenReadAhead(connection, transaction, table);

            (reader is not null).ShouldBe(readsAhead);
        }
        finally
        {
            Db.Execute("DROP OWNED BY reader; DROP ROLE reader");
        }
    }
}
