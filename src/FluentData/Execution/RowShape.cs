using FluentData.Dialects;

namespace FluentData.Execution;

/// <summary>
/// What every row of one transform shares: the columns, where each sits, and the names for
/// messages. A row holds the table's columns in table order, then the key columns that are read
/// as text (<see cref="ColumnSchema.KeyAsText"/>), then targets also read as text
/// (<see cref="StoredTextOrdinals"/>), so the user's function sees each column in its .NET type
/// while keys and values written back as read come back exactly; last the row's version where
/// the database keeps one (<see cref="VersionOrdinal"/>), which the function never sees.
/// </summary>
internal sealed class RowShape
{
    private readonly Dictionary<string, int> _exact;
    private readonly Dictionary<string, int> _loose;

    public RowShape(TableSchema table, MigrationIdentity migration, IReadOnlyList<ColumnSchema>? targets = null, ColumnSchema? rowVersion = null)
    {
        Table = table;
        Migration = migration;
        var textKeys = table.KeyReadColumns.Where(c => c.KeyAsText).ToList();
        var asRead = (targets ?? []).Where(HasStoredText).Select(c => c with { ReadAsText = true }).ToList();
        Layout = [.. table.Columns, .. textKeys, .. asRead, .. rowVersion is null ? Array.Empty<ColumnSchema>() : [rowVersion]];
        VersionOrdinal = rowVersion is null ? -1 : Layout.Count - 1;
        StoredTextOrdinals = (targets ?? []).Select(t => asRead.FindIndex(c => c.Name == t.Name) is var at && at >= 0
            ? table.Columns.Count + textKeys.Count + at
            : -1).ToArray();
        KeyOrdinals = table.KeyColumns.Select(c => c.KeyAsText ? table.Columns.Count + textKeys.FindIndex(k => k.Name == c.Name) : table.IndexOf(c)).ToArray();
        _exact = new Dictionary<string, int>(StringComparer.Ordinal);
        _loose = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < table.Columns.Count; i++)
        {
            _exact[table.Columns[i].Name] = i;
            _loose.TryAdd(table.Columns[i].Name, i);
        }
    }

    private const int RecentNames = 8;
    private (string Name, int Ordinal)[] _recent = [];

    public TableSchema Table { get; }

    public MigrationIdentity Migration { get; }

    /// <summary>What each position of a row holds: the table's columns, then the key columns and targets read as text, then the row version.</summary>
    public IReadOnlyList<ColumnSchema> Layout { get; }

    /// <summary>Where a row holds its version (<see cref="IDataDialect.RowVersion"/>), or -1 where the database keeps none.</summary>
    public int VersionOrdinal { get; }

    /// <summary>
    /// Per target, where the row holds its value as the database's text (or -1): an array read as
    /// a .NET array loses its bounds, so one written back exactly as read is written as this text.
    /// </summary>
    public int[] StoredTextOrdinals { get; }

    private static bool HasStoredText(ColumnSchema target) => target.Kind == ValueKind.Array && !target.ReadAsText;

    /// <summary>Where each key column's exact value sits in a row, in key order.</summary>
    public int[] KeyOrdinals { get; }

    /// <summary>The key of the row <paramref name="source"/> points at, as users see it.</summary>
    public RowKey KeyOf(IRowSource source)
    {
        var parts = new object?[KeyOrdinals.Length];
        for (var i = 0; i < parts.Length; i++)
            parts[i] = source.Value(KeyOrdinals[i]);
        return KeyParts.ToRowKey(Table, parts);
    }

    public int OrdinalOf(string column)
    {
        ArgumentNullException.ThrowIfNull(column);

        // A transform asks for the same few columns on every row, almost always with the same
        // string instance (a literal): a reference check saves hashing the name per row.
        var recent = _recent;
        for (var i = 0; i < recent.Length; i++)
        {
            if (ReferenceEquals(recent[i].Name, column))
                return recent[i].Ordinal;
        }

        if (_exact.TryGetValue(column, out var ordinal) || _loose.TryGetValue(column, out ordinal))
        {
            if (recent.Length < RecentNames)
                _recent = [.. recent, (column, ordinal)];
            return ordinal;
        }

        throw new TableSchemaException(
            $"{Migration} reads column '{column}', which table {Table.Name} does not have. " +
            $"Its columns are: {string.Join(", ", Table.Columns.Select(c => c.Name))}.")
        {
            Migration = Migration,
            Table = Table.Name.Name,
            Column = column,
        };
    }
}
