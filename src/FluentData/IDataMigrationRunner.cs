namespace FluentData;

/// <summary>
/// Discovers, orders and applies migrations on FluentMigrator's runner and version table. Every
/// call first takes a database-wide lock, so runners started together (several instances of an
/// app) apply each migration once: one migrates, the others wait and find nothing left to do.
/// Resolve it from the container set up by <c>services.AddDataMigrations(...)</c>.
/// </summary>
public interface IDataMigrationRunner
{
    /// <summary>Applies every pending migration, in version order.</summary>
    /// <exception cref="DataMigrationException">A data transform failed; the message names migration, table, column and row key.</exception>
    /// <exception cref="MigrationLockTimeoutException">Another runner held the lock for longer than the lock timeout.</exception>
    MigrationRunResult MigrateUp();

    /// <summary>
    /// Applies every pending migration, in version order, stopping at a batch boundary when
    /// <paramref name="cancellationToken"/> is cancelled: a migration in a transaction rolls back,
    /// an online one keeps its checkpoint and resumes on the next run.
    /// </summary>
    MigrationRunResult MigrateUp(CancellationToken cancellationToken);

    /// <summary>Applies the pending migrations up to and including <paramref name="version"/>.</summary>
    MigrationRunResult MigrateUp(long version);

    /// <summary>Applies the pending migrations up to and including <paramref name="version"/>; cancellable like <see cref="MigrateUp(CancellationToken)"/>.</summary>
    MigrationRunResult MigrateUp(long version, CancellationToken cancellationToken);

    /// <summary>Rolls back, newest first, every applied migration newer than <paramref name="version"/>; <paramref name="version"/> itself stays applied. Use 0 to roll back everything.</summary>
    MigrationRunResult MigrateDown(long version);

    /// <summary>Rolls back like <see cref="MigrateDown(long)"/>, stopping when <paramref name="cancellationToken"/> is cancelled.</summary>
    MigrationRunResult MigrateDown(long version, CancellationToken cancellationToken);

    /// <summary>
    /// The pending migrations in order, each step described: schema changes as FluentMigrator
    /// describes them, transforms with table, columns, filter and the rows they would touch
    /// (counted by the database). Read-only: it runs in a transaction that is rolled back.
    /// </summary>
    MigrationPlan Plan();

    /// <summary>
    /// Applies the pending migrations in one transaction that is always rolled back, and reports
    /// what they did: rows read and changed, values turned into NULL and samples of changed rows per
    /// transform, every check, and the failure that stopped it, if one did. The database is as it
    /// was before (PostgreSQL, SQLite and SQL Server roll back schema changes too). Online
    /// migrations run in that transaction as well, resuming where an interrupted run stopped,
    /// without writing checkpoints.
    /// </summary>
    DryRunResult DryRun();

    /// <summary>Every known migration in version order, applied or pending, and whether an applied one has changed since it ran.</summary>
    IReadOnlyList<DataMigrationInfo> ListMigrations();

    /// <summary>
    /// Records the current form of every applied data migration that changed since it ran, so it is
    /// no longer flagged (nor refused by <c>ValidateAppliedMigrations()</c>). For when the change is
    /// known to be harmless. Returns their versions.
    /// </summary>
    IReadOnlyList<long> AcceptChangedMigrations();

    /// <summary>
    /// Forgets where an interrupted online migration got to, so the next run starts it from the
    /// beginning. For when its checkpoints no longer fit (see <see cref="CheckpointMismatchException"/>)
    /// and the data has been checked by hand.
    /// </summary>
    void DiscardCheckpoints(long version);
}
