namespace FluentData;

/// <summary>Names a migration in messages: its class name and, when attributed, its version.</summary>
/// <param name="Name">The migration's class name.</param>
/// <param name="Version">The version from its <see cref="FluentMigrator.MigrationAttribute"/>, if any.</param>
public sealed record MigrationIdentity(string Name, long? Version)
{
    /// <summary>"SplitCustomerName (2026112601)", or the bare name when there is no version.</summary>
    public override string ToString() => Version is { } v ? $"{Name} ({v})" : Name;
}
