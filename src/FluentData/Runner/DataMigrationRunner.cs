using System.Runtime.ExceptionServices;
using FluentMigrator.Infrastructure;
using FluentMigrator.Runner;
using FluentMigrator.Runner.Exceptions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FluentData.Runner;

/// <summary>
/// Runs FluentMigrator's runner in a fresh DI scope per call, so the processor, its connection
/// and the version loader are built for that call and disposed after it.
/// </summary>
internal sealed partial class DataMigrationRunner(IServiceScopeFactory scopes, ILogger<DataMigrationRunner> logger) : IDataMigrationRunner
{
    public MigrationRunResult MigrateUp() => MigrateUp(long.MaxValue);

    public MigrationRunResult MigrateUp(long version) =>
        Run(MigrationDirection.Up, runner => runner.MigrateUp(version));

    public MigrationRunResult MigrateDown(long version)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        return Run(MigrationDirection.Down, runner => runner.MigrateDown(version));
    }

    public IReadOnlyList<DataMigrationInfo> ListMigrations()
    {
        using var scope = scopes.CreateScope();
        var runner = scope.ServiceProvider.GetRequiredService<IMigrationRunner>();
        var versions = scope.ServiceProvider.GetRequiredService<IVersionLoader>();
        return LoadMigrations(runner).Values
            .Select(info => Describe(info, versions.VersionInfo.HasAppliedMigration(info.Version)))
            .ToList();
    }

    private MigrationRunResult Run(MigrationDirection direction, Action<IMigrationRunner> migrate)
    {
        using var scope = scopes.CreateScope();
        var journal = scope.ServiceProvider.GetRequiredService<RunJournal>();
        var runner = scope.ServiceProvider.GetRequiredService<IMigrationRunner>();
        var known = LoadMigrations(runner);
        if (known.Count == 0)
        {
            // Building the version loader creates the version table: the database is now
            // under migration control, with nothing to apply.
            _ = scope.ServiceProvider.GetRequiredService<IVersionLoader>();
            return new MigrationRunResult([], journal.Now);
        }

        try
        {
            migrate(runner);
        }
        catch (Exception e) when (Unwrap(e) is { } specific && !ReferenceEquals(specific, e))
        {
            // FluentMigrator wraps what an expression throws; the caller wants ours, which
            // already names the migration, table, column and key.
            ExceptionDispatchInfo.Capture(specific).Throw();
            throw;
        }

        var migrations = new List<MigrationResult>();
        var previous = TimeSpan.Zero;
        foreach (var (version, at) in journal.Versions)
        {
            var info = known.TryGetValue(version, out var found) ? found : null;
            migrations.Add(new MigrationResult(
                version,
                info?.Migration.GetType().Name ?? version.ToString(System.Globalization.CultureInfo.InvariantCulture),
                info?.Description,
                direction,
                at - previous,
                journal.Transforms.Where(t => t.Migration.Version == version).ToList()));
            previous = at;
        }

        var result = new MigrationRunResult(migrations, journal.Now);
        LogRun(direction, migrations.Count, result.RowsTransformed, result.Elapsed);
        return result;
    }

    /// <summary>The known migrations; none is not an error (a new application has none yet), only worth a warning.</summary>
    private SortedList<long, IMigrationInfo> LoadMigrations(IMigrationRunner runner)
    {
        try
        {
            return runner.MigrationLoader.LoadMigrations();
        }
        catch (MissingMigrationsException)
        {
            LogNoMigrations();
            return [];
        }
    }

    private static DataMigrationInfo Describe(IMigrationInfo info, bool applied) =>
        new(info.Version, info.Migration.GetType().Name, info.Description, applied, info.TransactionBehavior);

    private static DataMigrationException? Unwrap(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is DataMigrationException specific)
                return specific;
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No migrations found; check the assemblies given to ScanIn (default: the entry assembly)")]
    private partial void LogNoMigrations();

    [LoggerMessage(Level = LogLevel.Information, Message = "Migrated {Direction}: {Count} migrations, {Rows} rows transformed, {Elapsed}")]
    private partial void LogRun(MigrationDirection direction, int count, long rows, TimeSpan elapsed);
}
