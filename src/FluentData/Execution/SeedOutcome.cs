namespace FluentData.Execution;

/// <summary>What a seed did (or, planned, would do) to its table.</summary>
/// <param name="Inserted">Rows the table lacked, inserted.</param>
/// <param name="Updated">Rows that differed, updated.</param>
/// <param name="Unchanged">Rows the table already held as the seed gives them: not written.</param>
/// <param name="Others">Rows of the table whose key the seed does not name.</param>
/// <param name="Deleted">Of those, the rows deleted (<c>DeleteOthers()</c>).</param>
/// <param name="OtherKeys">The keys of the first few others, for the log.</param>
/// <param name="How">How the rows were compared and written, for the log.</param>
internal sealed record SeedOutcome(long Inserted, long Updated, long Unchanged, long Others, long Deleted, IReadOnlyList<string> OtherKeys, string How);
