namespace FluentData;

/// <summary>What one seed did to its table.</summary>
/// <param name="Migration">The migration that declared the seed.</param>
/// <param name="Table">The table seeded, as named in the migration.</param>
/// <param name="Source">Where the rows came from: the file as the migration names it, or "C# rows" (for a generated <c>Down()</c>, "undo of" it).</param>
/// <param name="Rows">Rows the seed gives.</param>
/// <param name="Inserted">Rows the table lacked, inserted; in a dry run, rows it would insert.</param>
/// <param name="Updated">Rows that differed, updated.</param>
/// <param name="Unchanged">Rows the table already held exactly as the seed gives them: not written.</param>
/// <param name="Others">Rows of the table whose key the seed does not name.</param>
/// <param name="Deleted">Of those, the rows deleted by <c>DeleteOthers()</c>.</param>
/// <param name="Elapsed">Wall-clock time from reading the rows to the last write.</param>
public sealed record SeedResult(MigrationIdentity Migration, string Table, string Source, long Rows, long Inserted, long Updated, long Unchanged, long Others, long Deleted, TimeSpan Elapsed)
{
    /// <summary>One line: migration, table, source and counts.</summary>
    public override string ToString() =>
        $"{Migration}: '{Table}' from {Source}: {Inserted} inserted, {Updated} updated, {Unchanged} unchanged" +
        (Others > 0 ? $", {Others} not in the seed" + (Deleted > 0 ? $" ({Deleted} deleted)" : " (kept)") : "") + $", {Elapsed}";
}
