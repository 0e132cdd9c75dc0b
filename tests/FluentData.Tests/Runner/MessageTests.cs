using FluentData.Tests.Infrastructure;
using FluentData.Tests.Migrations.Shapes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FluentData.Tests.Runner;

/// <summary>Messages a person can act on: once, naming what is wrong and where.</summary>
public abstract class MessageTests<TDatabase>() : MigrationTests<TDatabase>("FluentData.Tests.Migrations.Shapes")
    where TDatabase : TestDatabase, new()
{
    private readonly CapturedLogs _logs = new();

    protected ShapeScenario Scenario { get; } = new();

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton(Scenario);
        services.AddLogging(l => l.AddProvider(_logs));
    }

    private void GivenItems()
    {
        Db.Execute("CREATE TABLE items (id integer PRIMARY KEY, name varchar(20), code varchar(20))");
        Db.Execute("INSERT INTO items (id, name) VALUES (1, 'a'), (2, 'b'), (3, 'c')");
    }

    [SkippableFact]
    public void A_failed_migration_is_reported_to_the_caller_and_not_also_logged_with_its_stack()
    {
        GivenItems();
        Scenario.InTransaction = m => m.Transform.Table("items").Column("name").Using(_ => throw new InvalidOperationException("boom"));

        Should.Throw<TransformFailedException>(() => Runner.MigrateUp(1)).Message.ShouldContain("boom");

        _logs.Entries.ShouldNotContain(e => e.Level >= LogLevel.Error);
        _logs.Entries.ShouldContain(e => e.Category.StartsWith("FluentMigrator", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void A_filter_that_ends_in_a_comment_still_filters()
    {
        GivenItems();
        Scenario.InTransaction = m => m.Transform.Table("items").Column("code").UsingSql("upper(name) -- the code is the name").Where("id > 1 -- not the first");

        Runner.MigrateUp(1);

        Db.Rows("SELECT code FROM items ORDER BY id").Select(r => r[0]).ShouldBe([null, "B", "C"]);
    }

    [SkippableFact]
    public void A_failure_of_a_transform_of_several_columns_names_them_all()
    {
        GivenItems();
        Scenario.InTransaction = m => m.Transform.Table("items").Columns("name", "code").Using((_, _) => throw new InvalidOperationException("boom"));

        Should.Throw<TransformFailedException>(() => Runner.MigrateUp(1)).Column.ShouldBe("name, code");
    }
}

public sealed class SqliteMessageTests : MessageTests<SqliteTestDatabase>
{
    [SkippableFact]
    public void A_run_leaves_no_lock_files_a_user_sees_next_to_the_database()
    {
        Runner.MigrateUp();

        var folder = Path.GetDirectoryName(Db.ConnectionString["Data Source=".Length..].Split(';')[0])!;
        var name = Path.GetFileName(Db.ConnectionString["Data Source=".Length..].Split(';')[0]);
        Directory.GetFiles(folder, name + "*").ShouldBe([Path.Combine(folder, name)]);
        File.Exists(Path.Combine(folder, $".{name}.fluentdata-owner")).ShouldBeFalse();
    }
}

public sealed class PostgresMessageTests : MessageTests<PostgresTestDatabase>
{
    [SkippableFact]
    public void A_table_name_in_the_wrong_letter_case_is_answered_with_the_right_one()
    {
        Db.Execute("CREATE TABLE \"Genre\" (id integer PRIMARY KEY, name text)");
        Scenario.InTransaction = m => m.Transform.Table("genre").Column("name").Using(_ => "x");

        Should.Throw<TableSchemaException>(() => Runner.MigrateUp(1)).Message.ShouldContain("Did you mean 'Genre'?");
    }

    [SkippableFact]
    public void A_generated_column_is_refused_before_anything_is_written()
    {
        Db.Execute("CREATE TABLE items (id integer PRIMARY KEY, price numeric, gross numeric GENERATED ALWAYS AS (price * 1.2) STORED)");
        Db.Execute("INSERT INTO items (id, price) VALUES (1, 10)");
        Scenario.InTransaction = m => m.Transform.Table("items").Column("gross").Using(_ => 1m);

        Should.Throw<TableSchemaException>(() => Runner.MigrateUp(1)).Message.ShouldContain("which the database generates itself");
    }
}
