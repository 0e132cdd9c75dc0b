namespace FluentData.Dialects;

/// <summary>A table's columns in catalog order, as read before a transform touches any row.</summary>
internal sealed class TableSchema(TableName name, IReadOnlyList<ColumnSchema> columns)
{
    public TableName Name { get; } = name;

    public IReadOnlyList<ColumnSchema> Columns { get; } = columns;

    public IReadOnlyList<ColumnSchema> KeyColumns { get; } = columns.Where(c => c.IsKey).ToList();

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
            if (ReferenceEquals(Columns[i], column))
                return i;
        }

        return -1;
    }
}
