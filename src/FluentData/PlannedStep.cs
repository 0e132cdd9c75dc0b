namespace FluentData;

/// <summary>One expression of a pending migration, in words.</summary>
/// <param name="Kind">"schema" (FluentMigrator's own expressions), "transform", "purge", "copy" or "verify".</param>
/// <param name="Description">What the step does, as FluentMigrator or FluentData describes it.</param>
/// <param name="Table">The table a transform, purge or check works on; a copy's source table.</param>
/// <param name="Columns">A transform's target columns; the target columns of a copy's SQL mapping.</param>
/// <param name="Filter">A transform's filter.</param>
/// <param name="Rows">How many rows a transform would read, counted by the database now (after its checkpoint when it resumes); null when it cannot be counted yet or will fail.</param>
/// <param name="Note">Why the rows could not be counted, where a transform resumes, or — when <paramref name="WillFail"/> — why it cannot run.</param>
/// <param name="WillFail">Whether the step cannot run against the database as it is (a table or column no earlier step creates, a table without a key, a value the column cannot hold).</param>
public sealed record PlannedStep(string Kind, string Description, string? Table, IReadOnlyList<string> Columns, string? Filter, long? Rows, string? Note, bool WillFail = false)
{
    /// <summary>One line: the step, and its rows or note.</summary>
    public override string ToString() =>
        $"{Kind}: {Description}{(Rows is { } rows ? $" ({rows} rows)" : "")}{(Note is null ? "" : $" — {Note}")}";
}
