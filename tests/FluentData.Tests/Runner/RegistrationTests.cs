using FluentData.Tests.Infrastructure;
using FluentMigrator;
using FluentMigrator.Runner.Exceptions;
using FluentMigrator.Runner.Initialization;
using FluentMigrator.Runner.Processors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FluentData.Tests.Runner;

public sealed class RegistrationTests : IDisposable
{
    private const string WidgetsNamespace = "FluentData.Tests.Migrations.Registration";
    private readonly SqliteTestDatabase _database = new();

    [Fact]
    public void Calling_AddDataMigrations_twice_is_harmless()
    {
        var services = new ServiceCollection();
        services.AddDataMigrations(o => _database.Use(o).ScanIn(typeof(RegistrationTests).Assembly));
        services.AddDataMigrations(o => _database.Use(o).ScanIn(typeof(RegistrationTests).Assembly));
        services.Configure<TypeFilterOptions>(o => o.Namespace = WidgetsNamespace);
        using var provider = services.BuildServiceProvider();
        var runner = provider.GetRequiredService<IDataMigrationRunner>();

        var result = runner.MigrateUp();

        result.Migrations.Select(m => m.Version).ShouldBe([20261126_01L, 20261126_02L]);
        runner.ListMigrations().Count.ShouldBe(2);
        _database.Rows("SELECT name FROM widgets ORDER BY id").Select(r => r[0]).ShouldBe(["widget a", "widget b"]);
        _database.Scalar<long>("SELECT COUNT(*) FROM VersionInfo").ShouldBe(2);
        provider.GetServices<IDataMigrationRunner>().Count().ShouldBe(1);
    }

    [Fact]
    public void The_no_argument_registration_uses_the_connection_named_in_configuration()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:FluentData"] = _database.ConnectionString })
            .Build());
        services.AddDataMigrations();
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<DataMigrationOptions>>().Value;
        provider.GetRequiredService<IDataMigrationRunner>().MigrateUp();

        options.ConnectionString.ShouldBe(_database.ConnectionString);
        options.ProcessorId.ShouldBe("SQLite");
        _database.Scalar<long>("SELECT COUNT(*) FROM sqlite_master WHERE name = 'VersionInfo'").ShouldBe(1);
    }

    [Fact]
    public void The_no_argument_registration_defaults_to_a_SQLite_file_and_the_entry_assembly()
    {
        var services = new ServiceCollection();
        services.AddDataMigrations();
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<DataMigrationOptions>>().Value;

        options.ConnectionString.ShouldBe(DataMigrationOptions.DefaultConnectionString);
        options.ProcessorId.ShouldBe("SQLite");
        options.Assemblies.ShouldBe([System.Reflection.Assembly.GetEntryAssembly()!]);
    }

    [Theory]
    [InlineData("postgres", "PostgreSQL15_0")]
    [InlineData("sqlserver", "SqlServer2016")]
    [InlineData("sqlite", "SQLite")]
    public void Each_database_selects_its_FluentMigrator_processor(string database, string databaseType)
    {
        var services = new ServiceCollection();
        services.AddDataMigrations(o => _ = database switch
        {
            "postgres" => o.UsePostgres("Host=127.0.0.1;Database=none"),
            "sqlserver" => o.UseSqlServer("Server=127.0.0.1;Database=none"),
            _ => o.UseSqlite(_database.ConnectionString),
        });
        using var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();

        var processor = scope.ServiceProvider.GetRequiredService<IProcessorAccessor>().Processor;

        processor.DatabaseType.ShouldBe(databaseType);
    }

    [Fact]
    public void An_incomplete_transform_fails_validation_with_the_fix()
    {
        using var provider = Migrator.For(_database, "FluentData.Tests.Migrations.Broken");

        var error = Should.Throw<InvalidMigrationException>(() => provider.Runner().MigrateUp());

        error.Message.ShouldContain("Transform on 'things'.'name' in IncompleteTransform (1) has no Using(...); call .Using(row => ...) or .UsingSql(\"...\").");
        _database.Scalar<long>("SELECT COUNT(*) FROM sqlite_master WHERE name = 'things'").ShouldBe(0);
    }

    [Fact]
    public void ListMigrations_shows_applied_and_pending_in_version_order()
    {
        using var provider = Migrator.For(_database, WidgetsNamespace);
        var runner = provider.Runner();
        runner.MigrateUp(20261126_01);

        var migrations = runner.ListMigrations();

        migrations.Select(m => (m.Version, m.Name, m.IsApplied)).ShouldBe(
        [
            (20261126_01L, "CreateWidgets", true),
            (20261126_02L, "NameWidgets", false),
        ]);
        migrations[1].Description.ShouldBe("name the widgets");
        migrations[1].TransactionBehavior.ShouldBe(TransactionBehavior.Default);
    }

    [Fact]
    public void A_second_MigrateUp_finds_nothing_to_do()
    {
        using var provider = Migrator.For(_database, WidgetsNamespace);
        provider.Runner().MigrateUp().Migrations.Count.ShouldBe(2);

        var again = provider.Runner().MigrateUp();

        again.NothingToDo.ShouldBeTrue();
        _database.Rows("SELECT name FROM widgets ORDER BY id").Select(r => r[0]).ShouldBe(["widget a", "widget b"]);
    }

    [Fact]
    public void The_report_names_each_migration_with_its_rows_and_time()
    {
        using var provider = Migrator.For(_database, WidgetsNamespace);

        var result = provider.Runner().MigrateUp();

        var named = result.Migrations.Single(m => m.Name == "NameWidgets");
        named.Direction.ShouldBe(MigrationDirection.Up);
        named.RowsTransformed.ShouldBe(2);
        named.Transforms.Single().Columns.ShouldBe(["name"]);
        named.Elapsed.ShouldBeGreaterThan(TimeSpan.Zero);
        result.Elapsed.ShouldBeGreaterThanOrEqualTo(result.Migrations.Sum(m => m.Elapsed.Ticks) * TimeSpan.FromTicks(1));
    }

    public void Dispose() => _database.Dispose();
}
