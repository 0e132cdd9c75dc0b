namespace FluentData.Dialects;

/// <summary>
/// The tables and columns of one seed's statements: the table seeded, the connection's private
/// table its rows are staged in (each with its row number, <see cref="RowColumn"/>), the columns
/// the rows give, the key they are matched by with the collation each key column compares in
/// (the key's unique index's; null for the column's own), and where a reversible seed keeps what
/// its generated <c>Down()</c> restores.
/// </summary>
internal sealed record SeedTables(
    TableSchema Table,
    TableName Stage,
    IReadOnlyList<ColumnSchema> Columns,
    IReadOnlyList<ColumnSchema> Key,
    IReadOnlyList<string?> Collations)
{
    /// <summary>The stage's column numbering the rows from 0 in the seed's order: batches are ranges of it.</summary>
    public const string RowColumn = "fluentdata_row";

    /// <summary>The undo tables' column saying what the seed did to the row: inserted, updated or deleted.</summary>
    public const string ChangeColumn = "fluentdata_change";

    /// <summary>The rows the seed updated as they were, and the keys it inserted; null when the seed is not reversed.</summary>
    public TableName? Undo { get; init; }

    /// <summary>The rows <c>DeleteOthers()</c> deleted, whole; null when it deletes none or is not reversed.</summary>
    public TableName? UndoDeleted { get; init; }
}
