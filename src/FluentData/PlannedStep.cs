namespace FluentData;

/// <summary>One expression of a pending migration, in words.</summary>
/// <param name="Kind">"schema" (FluentMigrator's own expressions), "transform" or "verify".</param>
/// <param name="Description">What the step does, as FluentMigrator or FluentData describes it.</param>
/// <param name="Table">The table a transform or check works on.</param>
/// <param name="Columns">A transform's target columns.</param>
/// <param name="Filter">A transform's filter.</param>
/// <param name="Rows">How many rows a transform would touch, counted by the database now; null when it cannot be counted yet.</param>
/// <param name="Note">Why the rows could not be counted, when they could not.</param>
public sealed record PlannedStep(string Kind, string Description, string? Table, IReadOnlyList<string> Columns, string? Filter, long? Rows, string? Note);
