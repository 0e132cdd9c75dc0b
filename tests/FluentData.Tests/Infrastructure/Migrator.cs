using FluentMigrator.Runner.Initialization;
using Microsoft.Extensions.DependencyInjection;

namespace FluentData.Tests.Infrastructure;

/// <summary>Wires AddDataMigrations the way a user does, limited to the migrations of one namespace.</summary>
public static class Migrator
{
    public static ServiceProvider For(TestDatabase database, string migrationNamespace, Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddDataMigrations(o => database.Use(o).ScanIn(typeof(Migrator).Assembly));
        services.Configure<TypeFilterOptions>(o =>
        {
            o.Namespace = migrationNamespace;
            o.NestedNamespaces = false;
        });
        configure?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    public static IDataMigrationRunner Runner(this ServiceProvider provider) => provider.GetRequiredService<IDataMigrationRunner>();
}
