namespace FluentData.Dialects;

/// <summary>A table's columns in catalog order, as read before a transform touches any row.</summary>
/// <param name="name">The table, with the schema the database resolved it in when it has schemas.</param>
/// <param name="columns">The columns in table order.</param>
internal sealed class TableSchema(TableName name, IReadOnlyList<ColumnSchema> columns)
{
    public TableName Name { get; } = name;

    public IReadOnlyList<ColumnSchema> Columns { get; } = columns;

    /// <summary>The columns of the key rows are read and named by, in key order; empty when the table has none.</summary>
    public IReadOnlyList<ColumnSchema> KeyColumns { get; } = columns.Where(c => c.IsKey).OrderBy(c => c.KeyPosition ?? 0).ToList();

    /// <summary>The key columns as they are read: as text where <see cref="ColumnSchema.KeyAsText"/>.</summary>
    public IReadOnlyList<ColumnSchema> KeyReadColumns => KeyColumns.Select(c => c.KeyAsText ? c with { ReadAsText = true } : c).ToList();

    /// <summary>What the key is, for messages: "primary key" or the unique index.</summary>
    public string KeySource { get; init; } = "primary key";

    /// <summary>Whether the table lives only in this session (a temporary table), so no other connection can read it.</summary>
    public bool IsTemporary { get; init; }

    /// <summary>
    /// Finds a column by exact name, or else by a case-insensitive name when exactly one matches,
    /// so "Email" finds "email" while "email" and "EMAIL" in one table stay distinct.
    /// </summary>
    public ColumnSchema? Find(string name)
    {
        var exact = Columns.FirstOrDefault(c => c.Name == name);
        if (exact is not null)
            return exact;
        var loose = Columns.Where(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
        return loose.Count == 1 ? loose[0] : null;
    }

    public int IndexOf(ColumnSchema column)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (string.Equals(Columns[i].Name, column.Name, StringComparison.Ordinal))
                return i;
        }

        return -1;
    }
}
