using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Runtime.ExceptionServices;
using FluentData.Dialects;
using FluentData.Runner.Checkpoints;
using FluentMigrator.Infrastructure;
using FluentMigrator.Runner;
using FluentMigrator.Runner.Exceptions;
using FluentMigrator.Runner.Processors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FluentData.Runner;

/// <summary>
/// Takes the database lock, then runs FluentMigrator's runner in a fresh DI scope per call, so
/// the processor, its connection and the version loader (which creates the version table) are
/// built only once this runner holds the lock, and disposed after.
/// </summary>
internal sealed partial class DataMigrationRunner(
    IServiceScopeFactory scopes,
    IEnumerable<IDataDialect> dialects,
    IOptions<DataMigrationOptions> options,
    ILogger<DataMigrationRunner> logger) : IDataMigrationRunner
{
    public MigrationRunResult MigrateUp() => MigrateUp(long.MaxValue, CancellationToken.None);

    public MigrationRunResult MigrateUp(CancellationToken cancellationToken) => MigrateUp(long.MaxValue, cancellationToken);

    public MigrationRunResult MigrateUp(long version) => MigrateUp(version, CancellationToken.None);

    public MigrationRunResult MigrateUp(long version, CancellationToken cancellationToken) =>
        Run(MigrationDirection.Up, runner => runner.MigrateUp(version), cancellationToken);

    public MigrationRunResult MigrateDown(long version) => MigrateDown(version, CancellationToken.None);

    public MigrationRunResult MigrateDown(long version, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        return Run(MigrationDirection.Down, runner => runner.MigrateDown(version), cancellationToken);
    }

    public IReadOnlyList<DataMigrationInfo> ListMigrations() =>
        Locked(scope =>
        {
            var runner = scope.ServiceProvider.GetRequiredService<IMigrationRunner>();
            var versions = scope.ServiceProvider.GetRequiredService<IVersionLoader>();
            var known = LoadMigrations(runner);
            var changed = Changed(scope, known);
            return (IReadOnlyList<DataMigrationInfo>)known.Values
                .Select(info => Describe(info, versions.VersionInfo.HasAppliedMigration(info.Version), changed.ContainsKey(info.Version)))
                .ToList();
        }, CancellationToken.None);

    public void DiscardCheckpoints(long version) =>
        Locked(scope =>
        {
            var (connection, store) = Checkpoints(scope);
            if (store.Exists(connection, null))
                store.Delete(connection, null, version);
            LogDiscarded(version);
            return 0;
        }, CancellationToken.None);

    private MigrationRunResult Run(MigrationDirection direction, Action<IMigrationRunner> migrate, CancellationToken cancellationToken) =>
        Locked(scope =>
        {
            var journal = scope.ServiceProvider.GetRequiredService<RunJournal>();
            var runner = scope.ServiceProvider.GetRequiredService<IMigrationRunner>();
            var versions = scope.ServiceProvider.GetRequiredService<IVersionLoader>();
            var known = LoadMigrations(runner);
            if (known.Count == 0)
                return new MigrationRunResult([], journal.Now);
            if (direction == MigrationDirection.Up)
                SweepCheckpoints(scope, known, versions);
            RefuseChangedMigrations(scope, known);

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

            var result = Report(direction, known, journal);
            LogRun(direction, result.Migrations.Count, result.RowsTransformed, result.Elapsed);
            return result;
        }, cancellationToken);

    private T Locked<T>(Func<IServiceScope, T> action, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var dialect = dialects.FirstOrDefault(d => d.HandlesProcessor(settings.ProcessorId!));
        using var held = dialect?.CreateLock(settings.ConnectionString!).Acquire(settings.LockTimeout, cancellationToken);
        using var scope = scopes.CreateScope();
        scope.ServiceProvider.GetRequiredService<RunControl>().Cancellation = cancellationToken;
        return action(scope);
    }

    /// <summary>
    /// Checkpoints left by interrupted runs: those of applied migrations are leftovers of a crash
    /// right after the version was recorded and go; those of unknown migrations stop the run.
    /// </summary>
    private static void SweepCheckpoints(IServiceScope scope, SortedList<long, IMigrationInfo> known, IVersionLoader versions)
    {
        var (connection, store) = Checkpoints(scope);
        if (!store.Exists(connection, null))
            return;

        foreach (var version in store.Versions(connection, null))
        {
            if (!known.ContainsKey(version))
            {
                throw new CheckpointMismatchException(
                    $"The checkpoint table {store.Table} holds checkpoints of migration {version}, which is not among the migrations found " +
                    "(was it renamed, renumbered or removed?). It was interrupted in an earlier run and may have left data half-transformed. " +
                    $"Nothing was changed. Restore the migration to let it resume, or — once you have checked the data by hand — call DiscardCheckpoints({version}).")
                {
                    Migration = new MigrationIdentity(version.ToString(CultureInfo.InvariantCulture), version),
                };
            }

            if (versions.VersionInfo.HasAppliedMigration(version))
                store.Delete(connection, null, version);
        }
    }

    private static (DbConnection Connection, CheckpointStore Store) Checkpoints(IServiceScope scope)
    {
        var processor = RunProcessorAccessor.Unwrap(scope.ServiceProvider.GetRequiredService<IProcessorAccessor>().Processor)
            ?? throw new DataMigrationException("Checkpoints need a database connection; the configured FluentMigrator processor has none.");
        var connection = (DbConnection)processor.Connection;
        if (connection.State != ConnectionState.Open)
            connection.Open();
        return (connection, scope.ServiceProvider.GetRequiredService<CheckpointCatalog>().For(connection));
    }

    private static MigrationRunResult Report(MigrationDirection direction, SortedList<long, IMigrationInfo> known, RunJournal journal)
    {
        var migrations = new List<MigrationResult>();
        var previous = TimeSpan.Zero;
        var (transforms, purges, copies, seeds) = (journal.Transforms, journal.Purges, journal.Copies, journal.Seeds);
        foreach (var (version, at) in journal.Versions)
        {
            var info = known.TryGetValue(version, out var found) ? found : null;
            migrations.Add(new MigrationResult(
                version,
                info?.Migration.GetType().Name ?? version.ToString(CultureInfo.InvariantCulture),
                info?.Description,
                direction,
                at - previous,
                transforms.Where(t => t.Migration.Version == version).ToList(),
                purges.Where(p => p.Migration.Version == version).ToList(),
                copies.Where(c => c.Migration.Version == version).ToList(),
                seeds.Where(s => s.Migration.Version == version).ToList()));
            previous = at;
        }

        return new MigrationRunResult(migrations, journal.Now);
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

    private static DataMigrationInfo Describe(IMigrationInfo info, bool applied, bool changed = false) =>
        new(info.Version, info.Migration.GetType().Name, info.Description, applied, info.TransactionBehavior, changed);

    private static Exception? Unwrap(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is DataMigrationException or OperationCanceledException)
                return e;
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No migrations found; check the assemblies given to ScanIn (default: the entry assembly)")]
    private partial void LogNoMigrations();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discarded the checkpoints of migration {Version}; its next run starts from the beginning")]
    private partial void LogDiscarded(long version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Migrated {Direction}: {Count} migrations, {Rows} rows transformed, {Elapsed}")]
    private partial void LogRun(MigrationDirection direction, int count, long rows, TimeSpan elapsed);
}
