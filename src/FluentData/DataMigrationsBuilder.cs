using System.Reflection;
using FluentData.Dialects;
using FluentData.Runner;
using FluentMigrator.Runner;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace FluentData;

/// <summary>
/// Configures <c>AddDataMigrations</c>: which database, which assemblies. Database packages add
/// their own <c>Use...</c> methods (<c>UsePostgres</c>, <c>UseSqlServer</c>) as extensions.
/// </summary>
public sealed class DataMigrationsBuilder
{
    internal DataMigrationsBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection being configured, for database packages.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Migrates a SQLite database, e.g. <c>"Data Source=app.db"</c>.</summary>
    public DataMigrationsBuilder UseSqlite(string connectionString) => UseDatabase(SqliteProcessorId, connectionString);

    /// <summary>
    /// Selects FluentMigrator's processor by id and the connection string. Database packages call
    /// this after registering their processor; applications call <c>UseSqlite</c>, <c>UsePostgres</c> or <c>UseSqlServer</c>.
    /// </summary>
    public DataMigrationsBuilder UseDatabase(string processorId, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(processorId);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        Services.Configure<DataMigrationOptions>(o =>
        {
            o.ProcessorId = processorId;
            o.ConnectionString = connectionString;
        });
        return this;
    }

    /// <summary>Adds assemblies to scan for migrations (instead of the entry assembly).</summary>
    public DataMigrationsBuilder ScanIn(params Assembly[] assemblies)
    {
        ArgumentNullException.ThrowIfNull(assemblies);
        Services.Configure<DataMigrationOptions>(o =>
        {
            foreach (var assembly in assemblies)
            {
                ArgumentNullException.ThrowIfNull(assembly, nameof(assemblies));
                if (!o.Assemblies.Contains(assembly))
                    o.Assemblies.Add(assembly);
            }
        });
        return this;
    }

    /// <summary>Sets the timeout of every command the migrations run.</summary>
    public DataMigrationsBuilder WithCommandTimeout(TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        Services.Configure<DataMigrationOptions>(o => o.CommandTimeout = timeout);
        return this;
    }

    /// <summary>
    /// Refuses to migrate while an applied data migration's <c>Up()</c> differs from the one that
    /// ran on the database (as Flyway and Liquibase check their checksums), naming it. Applied
    /// migrations are fingerprinted in <c>FluentDataHistory</c>, next to the version table.
    /// </summary>
    public DataMigrationsBuilder ValidateAppliedMigrations()
    {
        Services.Configure<DataMigrationOptions>(o => o.ValidateAppliedMigrations = true);
        return this;
    }

    /// <summary>How long to wait for another runner migrating the same database (default 10 minutes).</summary>
    public DataMigrationsBuilder WithLockTimeout(TimeSpan timeout)
    {
        if (timeout != Timeout.InfiniteTimeSpan)
            ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        Services.Configure<DataMigrationOptions>(o => o.LockTimeout = timeout);
        return this;
    }

    /// <summary>Sends a report after every batch of every transform to <paramref name="progress"/>, e.g. a progress bar.</summary>
    public DataMigrationsBuilder ReportProgressTo(IProgress<TransformProgress> progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        Services.Configure<DataMigrationOptions>(o => o.Progress = progress);
        return this;
    }

    /// <summary>
    /// Applies pending migrations when the host starts (a hosted service, registered here), before
    /// the hosted services registered after it — such as the web server — start. Instances that
    /// start together take turns at the database lock; a failed migration stops the host.
    /// </summary>
    public DataMigrationsBuilder RunAtStartup()
    {
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, MigrateAtStartup>());
        return this;
    }

    /// <summary>Configures FluentMigrator's runner directly (version table, conventions, tags...).</summary>
    public DataMigrationsBuilder ConfigureRunner(Action<IMigrationRunnerBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.ConfigureRunner(configure);
        return this;
    }

    /// <summary>
    /// For database packages: registers the dialect and FluentMigrator's processor once, however
    /// often the application calls <c>Use...</c>, then selects them.
    /// </summary>
    internal DataMigrationsBuilder UseDialect<TDialect>(string processorId, string connectionString, Action<IMigrationRunnerBuilder> addProcessor)
        where TDialect : class, IDataDialect
    {
        if (!Services.Any(d => d.ServiceType == typeof(IDataDialect) && d.ImplementationType == typeof(TDialect)))
        {
            Services.AddSingleton<IDataDialect, TDialect>();
            ConfigureRunner(addProcessor);
        }

        return UseDatabase(processorId, connectionString);
    }

    internal const string SqliteProcessorId = "SQLite";
}
