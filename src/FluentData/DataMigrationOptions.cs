using System.Reflection;

namespace FluentData;

/// <summary>
/// Settings of <c>AddDataMigrations</c>. Set them through <see cref="DataMigrationsBuilder"/>;
/// what is left unset gets the documented default when the options are first read.
/// </summary>
public sealed class DataMigrationOptions
{
    /// <summary>The connection used when neither the builder nor configuration names one: a SQLite file in the working directory.</summary>
    public const string DefaultConnectionString = "Data Source=fluentdata.db";

    /// <summary>The name under <c>ConnectionStrings</c> in configuration that the no-argument registration reads.</summary>
    public const string ConnectionStringName = "FluentData";

    /// <summary>The database connection string. Default: <c>ConnectionStrings:FluentData</c> from configuration, else <see cref="DefaultConnectionString"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>FluentMigrator's processor id for the database, e.g. <c>SQLite</c> or <c>PostgreSQL15_0</c>. Default: SQLite.</summary>
    public string? ProcessorId { get; set; }

    /// <summary>Assemblies scanned for migrations. Default: the entry assembly.</summary>
    public IList<Assembly> Assemblies { get; } = new List<Assembly>();

    /// <summary>How long a runner waits for another runner's lock on the same database. Default: 10 minutes; <see cref="Timeout.InfiniteTimeSpan"/> waits for ever.</summary>
    public TimeSpan LockTimeout { get; set; } = DefaultLockTimeout;

    /// <summary>The default of <see cref="LockTimeout"/>.</summary>
    public static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Receives a report after every batch of every transform. Default: none (progress still goes to the log).</summary>
    public IProgress<TransformProgress>? Progress { get; set; }

    /// <summary>Timeout of every command, FluentMigrator's and FluentData's. Default: the driver's (30 s for most).</summary>
    public TimeSpan? CommandTimeout { get; set; }

    /// <summary>Whether the runner refuses to migrate while an applied data migration has changed since it ran. Default: false (changes are shown by <see cref="IDataMigrationRunner.ListMigrations"/>).</summary>
    public bool ValidateAppliedMigrations { get; set; }
}
