using FluentData.Tests.Infrastructure;
using FluentMigrator.Runner.Initialization;
using Microsoft.Extensions.DependencyInjection;

namespace FluentData.Tests.Runner;

/// <summary>FluentMigrator's tags and profiles reach FluentData's runner as FluentMigrator documents them.</summary>
public sealed class TagsAndProfilesTests : IDisposable
{
    private readonly SqliteTestDatabase _database = new();

    private IDataMigrationRunner Runner(Action<RunnerOptions> options)
    {
        var services = Migrator.For(_database, "FluentData.Tests.Migrations.Tagged", s => s.Configure(options));
        return services.Runner();
    }

    [Fact]
    public void A_tagged_migration_runs_only_with_its_tag_and_a_profile_runs_when_named()
    {
        Runner(_ => { }).MigrateUp();
        _database.Scalar<long>("SELECT COUNT(*) FROM \"VersionInfo\" WHERE \"Version\" = 2").ShouldBe(0);
        _database.Execute("INSERT INTO regions (id) VALUES (1)");

        Runner(r => { r.Tags = ["eu"]; r.Profile = "development"; }).MigrateUp();

        _database.Scalar<long>("SELECT COUNT(*) FROM \"VersionInfo\" WHERE \"Version\" = 2").ShouldBe(1);
        _database.Rows("SELECT id, name FROM regions ORDER BY id").ShouldBe([[1L, "Europe"], [99L, "dev"]]);
    }

    public void Dispose() => _database.Dispose();
}
