using FluentMigrator;

namespace FluentData;

/// <summary>One pending migration and what it would do, step by step.</summary>
/// <param name="Version">The migration's version.</param>
/// <param name="Name">The migration's class name.</param>
/// <param name="Description">The description from its attribute, if any.</param>
/// <param name="TransactionBehavior">Whether it would run in one transaction or batch by batch.</param>
/// <param name="Steps">Its expressions, in order.</param>
public sealed record PlannedMigration(long Version, string Name, string? Description, TransactionBehavior TransactionBehavior, IReadOnlyList<PlannedStep> Steps);
