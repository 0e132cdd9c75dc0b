namespace FluentData;

/// <summary>What <see cref="IDataMigrationRunner.Plan"/> found: the pending migrations, in the order they would run.</summary>
/// <param name="Migrations">The pending migrations, in version order.</param>
public sealed record MigrationPlan(IReadOnlyList<PlannedMigration> Migrations)
{
    /// <summary>True when nothing is pending.</summary>
    public bool NothingToDo => Migrations.Count == 0;
}
