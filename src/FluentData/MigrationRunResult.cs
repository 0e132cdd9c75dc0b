namespace FluentData;

/// <summary>What one call to <see cref="IDataMigrationRunner"/> did.</summary>
/// <param name="Migrations">The migrations applied or rolled back, in the order they ran.</param>
/// <param name="Elapsed">Time for the whole call.</param>
public sealed record MigrationRunResult(IReadOnlyList<MigrationResult> Migrations, TimeSpan Elapsed)
{
    /// <summary>True when there was nothing to apply (or roll back).</summary>
    public bool NothingToDo => Migrations.Count == 0;

    /// <summary>Rows read by every transform of the call.</summary>
    public long RowsTransformed => Migrations.Sum(m => m.RowsTransformed);

    /// <summary>Rows changed by every transform of the call.</summary>
    public long RowsChanged => Migrations.Sum(m => m.RowsChanged);
}
