using FluentData.Dialects;
using FluentMigrator.Runner;
using FluentMigrator.Runner.Processors;
using Microsoft.Extensions.DependencyInjection;

namespace FluentData.Runner;

/// <summary>Plan and dry run: the runner's read-only views of what migrating would do.</summary>
internal sealed partial class DataMigrationRunner
{
    public MigrationPlan Plan() =>
        Locked(scope =>
        {
            scope.ServiceProvider.GetRequiredService<RunControl>().Planning = true;
            return RolledBack(scope, processor =>
            {
                var runner = scope.ServiceProvider.GetRequiredService<IMigrationRunner>();
                var versions = scope.ServiceProvider.GetRequiredService<IVersionLoader>();
                var dialect = dialects.For(processor.Connection, "A plan");
                var planner = new MigrationPlanner(processor, dialect, scope.ServiceProvider, options.Value.ConnectionString);
                return new MigrationPlan(LoadMigrations(runner).Values
                    .Where(info => !versions.VersionInfo.HasAppliedMigration(info.Version))
                    .Select(planner.Plan)
                    .ToList());
            });
        }, CancellationToken.None);

    public DryRunResult DryRun() =>
        Locked(scope =>
        {
            scope.ServiceProvider.GetRequiredService<RunControl>().DryRun = true;
            var journal = scope.ServiceProvider.GetRequiredService<RunJournal>();
            return RolledBack(scope, _ =>
            {
                var runner = scope.ServiceProvider.GetRequiredService<IMigrationRunner>();
                var versions = scope.ServiceProvider.GetRequiredService<IVersionLoader>();
                var pending = LoadMigrations(runner).Values
                    .Where(info => !versions.VersionInfo.HasAppliedMigration(info.Version))
                    .Select(info => Describe(info, applied: false))
                    .ToList();
                DryRunFailure? failure = null;
                try
                {
                    runner.MigrateUp();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A dry run reports what failed, with everything that ran before it, and still rolls back.
                    var cause = Unwrap(e) ?? e;
                    var known = cause as DataMigrationException;
                    failure = new DryRunFailure(known?.Migration, known?.Table, known?.Column, known?.Key, cause.Message, cause);
                }

                var completed = journal.Versions.Select(v => v.Version).Where(v => pending.Any(p => p.Version == v)).ToList();
                return new DryRunResult(pending, journal.DryRunTransforms, journal.Verifications, journal.Now, completed, failure, journal.Purges, journal.Copies, journal.Seeds);
            });
        }, CancellationToken.None);

    /// <summary>
    /// Runs <paramref name="action"/> inside one FluentMigrator migration scope — one transaction —
    /// that is always cancelled (rolled back). It is begun before the runner and its version
    /// loader are built, so every scope FluentMigrator opens afterwards only wraps it, and even a
    /// version table created on the way is rolled back with everything else.
    /// </summary>
    private static T RolledBack<T>(IServiceScope scope, Func<GenericProcessorBase, T> action)
    {
        var processor = RunProcessorAccessor.Unwrap(scope.ServiceProvider.GetRequiredService<IProcessorAccessor>().Processor)
            ?? throw new DataMigrationException("A plan or dry run needs a database connection; the configured FluentMigrator processor has none.");
        var fluentMigratorScope = scope.ServiceProvider.GetRequiredService<IMigrationScopeManager>().BeginScope();
        try
        {
            return action(processor);
        }
        finally
        {
            if (fluentMigratorScope.IsActive)
                fluentMigratorScope.Cancel();
        }
    }
}
