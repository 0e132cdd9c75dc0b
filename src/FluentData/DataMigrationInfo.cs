using FluentMigrator;

namespace FluentData;

/// <summary>A migration the runner knows about, and whether the database has it.</summary>
/// <param name="Version">The migration's version.</param>
/// <param name="Name">The migration's class name.</param>
/// <param name="Description">The description from its attribute, if any.</param>
/// <param name="IsApplied">Whether its version is recorded in the version table.</param>
/// <param name="TransactionBehavior">Whether it runs in one transaction (<see cref="TransactionBehavior.Default"/>) or batch by batch.</param>
/// <param name="HasChangedSinceApplied">Whether it is an applied data migration whose <c>Up()</c> is not the one that ran (its steps' fingerprint differs from the one recorded then).</param>
public sealed record DataMigrationInfo(
    long Version,
    string Name,
    string? Description,
    bool IsApplied,
    TransactionBehavior TransactionBehavior,
    bool HasChangedSinceApplied = false)
{
    /// <summary>True when the migration has not been applied yet.</summary>
    public bool IsPending => !IsApplied;
}
