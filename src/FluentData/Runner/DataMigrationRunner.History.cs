using FluentData.Runner.Checkpoints;
using FluentMigrator.Infrastructure;
using FluentMigrator.Runner;
using FluentMigrator.Runner.Processors;
using Microsoft.Extensions.DependencyInjection;

namespace FluentData.Runner;

/// <summary>The history of applied data migrations: which have changed since they ran.</summary>
internal sealed partial class DataMigrationRunner
{
    public IReadOnlyList<long> AcceptChangedMigrations() =>
        Locked(scope =>
        {
            var (connection, _) = Checkpoints(scope);
            var history = scope.ServiceProvider.GetRequiredService<CheckpointCatalog>().HistoryFor(connection);
            var changed = Changed(scope, LoadMigrations(scope.ServiceProvider.GetRequiredService<IMigrationRunner>()));
            foreach (var (version, fingerprint) in changed)
                history.Record(connection, null, version, fingerprint);
            return (IReadOnlyList<long>)changed.Keys.ToList();
        }, CancellationToken.None);

    /// <summary>
    /// Applied data migrations whose <c>Up()</c> differs from the one recorded when they ran, with
    /// their fingerprint now. Their <c>Up()</c> is collected as a plan collects it: nothing runs.
    /// Migrations applied before the history existed have no fingerprint and are left out.
    /// </summary>
    private Dictionary<long, string> Changed(IServiceScope scope, SortedList<long, IMigrationInfo> known)
    {
        var (connection, _) = Checkpoints(scope);
        var recorded = scope.ServiceProvider.GetRequiredService<CheckpointCatalog>().HistoryFor(connection).Load(connection, null);
        var changed = new Dictionary<long, string>();
        if (recorded.Count == 0)
            return changed;

        var control = scope.ServiceProvider.GetRequiredService<RunControl>();
        var journal = scope.ServiceProvider.GetRequiredService<RunJournal>();
        var processor = RunProcessorAccessor.Unwrap(scope.ServiceProvider.GetRequiredService<IProcessorAccessor>().Processor)!;
        control.Planning = true;
        try
        {
            foreach (var (version, fingerprint) in recorded)
            {
                if (!known.TryGetValue(version, out var info) || info.Migration is not DataMigration)
                    continue;
                info.Migration.GetUpExpressions(new MigrationContext(processor, scope.ServiceProvider, options.Value.ConnectionString));
                if (journal.FingerprintOf(version) is { } now && now != fingerprint)
                    changed[version] = now;
            }
        }
        finally
        {
            control.Planning = false;
        }

        return changed;
    }

    /// <summary>With <c>ValidateAppliedMigrations()</c>: no migrating while an applied migration has been edited.</summary>
    private void RefuseChangedMigrations(IServiceScope scope, SortedList<long, IMigrationInfo> known)
    {
        if (!options.Value.ValidateAppliedMigrations)
            return;
        var changed = Changed(scope, known);
        if (changed.Count == 0)
            return;

        var names = changed.Keys.Select(v => new MigrationIdentity(known[v].Migration.GetType().Name, v)).ToList();
        throw new DataMigrationException(
            $"{string.Join(", ", names)} {(names.Count == 1 ? "has" : "have")} changed since {(names.Count == 1 ? "it was" : "they were")} applied: " +
            "the Up() in the code is not the one that ran on this database, so the data may not be what the code now says. Nothing was changed. " +
            "Put the migration back as it was and write a new migration for the change, or — once you have checked the data — record the new form " +
            "with IDataMigrationRunner.AcceptChangedMigrations().")
        {
            Migration = names[0],
        };
    }
}
