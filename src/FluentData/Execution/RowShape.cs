using FluentData.Dialects;

namespace FluentData.Execution;

/// <summary>What every row of one transform shares: the columns, where each sits, and the names for messages.</summary>
internal sealed class RowShape
{
    private readonly Dictionary<string, int> _exact;
    private readonly Dictionary<string, int> _loose;

    public RowShape(TableSchema table, MigrationIdentity migration)
    {
        Table = table;
        Migration = migration;
        KeyOrdinals = table.KeyColumns.Select(table.IndexOf).ToArray();
        Used = new bool[table.Columns.Count];
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

    /// <summary>Where each key column sits in a row, in key order.</summary>
    public int[] KeyOrdinals { get; }

    /// <summary>The key of the row <paramref name="source"/> points at, as users see it.</summary>
    public RowKey KeyOf(IRowSource source)
    {
        var parts = new object?[KeyOrdinals.Length];
        for (var i = 0; i < parts.Length; i++)
            parts[i] = source.Value(KeyOrdinals[i]);
        return KeyParts.ToRowKey(Table, parts);
    }

    /// <summary>The columns the transform function has asked for so far, by ordinal.</summary>
    public bool[] Used { get; }

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
            Used[ordinal] = true;
            if (recent.Length < RecentNames)
                _recent = [.. recent, (column, ordinal)];
            return ordinal;
        }

        throw new TableSchemaException(
            $"Transform in {Migration} reads column '{column}', which table {Table.Name} does not have. " +
            $"Its columns are: {string.Join(", ", Table.Columns.Select(c => c.Name))}.")
        {
            Migration = Migration,
            Table = Table.Name.Name,
            Column = column,
        };
    }
}
