namespace FluentData;

/// <summary>
/// Discovers, orders and applies migrations on FluentMigrator's runner and version table.
/// Resolve it from the container set up by <c>services.AddDataMigrations(...)</c>.
/// </summary>
public interface IDataMigrationRunner
{
    /// <summary>Applies every pending migration, in version order.</summary>
    /// <exception cref="DataMigrationException">A data transform failed; the message names migration, table, column and row key.</exception>
    MigrationRunResult MigrateUp();

    /// <summary>Applies the pending migrations up to and including <paramref name="version"/>.</summary>
    MigrationRunResult MigrateUp(long version);

    /// <summary>Rolls back, newest first, every applied migration newer than <paramref name="version"/>; <paramref name="version"/> itself stays applied. Use 0 to roll back everything.</summary>
    MigrationRunResult MigrateDown(long version);

    /// <summary>Every known migration in version order, applied or pending.</summary>
    IReadOnlyList<DataMigrationInfo> ListMigrations();
}
