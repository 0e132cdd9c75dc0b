using FluentData.Dialects;
using FluentData.Dialects.Sqlite;
using FluentData.Execution;
using FluentData.Execution.Verify;
using FluentData.Runner;
using FluentData.Runner.Checkpoints;
using FluentMigrator.Runner;
using FluentMigrator.Runner.Initialization;
using FluentMigrator.Runner.Processors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FluentData;

/// <summary>Registers FluentData's runner, engine and FluentMigrator underneath them.</summary>
public static class DataMigrationsServiceCollectionExtensions
{
    /// <summary>
    /// Adds data migrations. With no arguments: scans the entry assembly and migrates the SQLite
    /// database named by <c>ConnectionStrings:FluentData</c> in configuration, else
    /// <c>fluentdata.db</c> in the working directory. Calling it again adds to the configuration.
    /// </summary>
    /// <example>
    /// <code>
    /// services.AddDataMigrations(o => o
    ///     .UsePostgres(connectionString)
    ///     .ScanIn(typeof(SplitCustomerName).Assembly));
    /// var runner = provider.GetRequiredService&lt;IDataMigrationRunner&gt;();
    /// runner.MigrateUp();
    /// </code>
    /// </example>
    public static IServiceCollection AddDataMigrations(this IServiceCollection services, Action<DataMigrationsBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (!services.Any(d => d.ServiceType == typeof(IDataMigrationRunner)))
            AddCore(services);

        configure?.Invoke(new DataMigrationsBuilder(services));
        return services;
    }

    private static void AddCore(IServiceCollection services)
    {
        services.AddFluentMigratorCore().ConfigureRunner(rb => rb.AddSQLite());

        // FluentMigrator reads these when a runner scope is built, so they follow whatever the
        // DataMigrationOptions say at that time, however many times AddDataMigrations was called.
        services.AddSingleton<IAssemblySourceItem>(sp =>
            new AssemblySourceItem(sp.GetRequiredService<IOptions<DataMigrationOptions>>().Value.Assemblies.Distinct().ToArray()));
        services.AddOptions<ProcessorOptions>().Configure<IOptions<DataMigrationOptions>>((processor, data) =>
        {
            processor.ConnectionString = data.Value.ConnectionString;
            processor.Timeout = data.Value.CommandTimeout ?? processor.Timeout;
        });
        services.AddOptions<SelectingProcessorAccessorOptions>().Configure<IOptions<DataMigrationOptions>>((selector, data) =>
            selector.ProcessorId = data.Value.ProcessorId);

        services.AddOptions<DataMigrationOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<DataMigrationOptions>, DataMigrationDefaults>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DataMigrationOptions>, DataMigrationDefaults>());

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDataDialect, SqliteDialect>());
        services.TryAddScoped<RunJournal>();
        services.TryAddScoped<TransformEngine>();
        services.TryAddScoped<PurgeEngine>();
        services.TryAddScoped<CopyEngine>();
        services.TryAddScoped<SeedEngine>();
        services.TryAddScoped<VerifyEngine>();
        // One scope manager per runner scope, shared with FluentMigrator's runner: a plan or dry
        // run opens the outermost migration scope, and every scope FluentMigrator opens inside it
        // must only wrap it, never commit it.
        services.TryAddScoped<IMigrationScopeManager>(sp => sp.GetRequiredService<MigrationScopeHandler>());
        services.TryAddScoped<RunControl>();
        services.TryAddScoped<SelectingProcessorAccessor>();
        services.Replace(ServiceDescriptor.Scoped<IProcessorAccessor, RunProcessorAccessor>());
        services.TryAddScoped<CheckpointCatalog>();
        services.TryAddScoped<ResumableSteps>();
        services.Replace(ServiceDescriptor.Scoped<IVersionLoader>(sp => ActivatorUtilities.CreateInstance<JournalingVersionLoader>(
            sp, ActivatorUtilities.CreateInstance<VersionLoader>(sp))));
        services.TryAddSingleton<IDataMigrationRunner, DataMigrationRunner>();
        services.TryAddSingleton<ILogger<MigrationRunner>, RunnerErrorsToCaller>();
    }
}
