using System.Data.Common;
using FluentData.Dialects;
using FluentData.Expressions;

namespace FluentData.Execution;

/// <summary>
/// The target columns a copy's C# mapping writes, shared by all its batches: the columns of the
/// first row it inserts, each name matched to a column once per row type; every later row must
/// name the same columns. Each value is checked against its column as it is added to a batch.
/// </summary>
internal sealed class CopyTargetColumns(CopyExpression copy, IDataDialect dialect, TableSchema target, string failureLeaves)
{
    private readonly Dictionary<Type, int[]> _ordinalsByType = [];
    private int[]? _ordinals;
    private int[] _inOrder = [];

    /// <summary>The target columns every row gives values for, as the database writes them; null until the first row.</summary>
    public IReadOnlyList<ColumnSchema>? Columns { get; private set; }

    /// <summary>Where each value of <paramref name="row"/> goes among <see cref="Columns"/>, checked and converted for its column.</summary>
    /// <param name="row">An object the mapping inserted.</param>
    /// <param name="source">The source row it was inserted for.</param>
    /// <param name="connection">Where the first row learns how the database stores its columns.</param>
    /// <param name="transaction">The transaction of that read, if any.</param>
    public (int[] Positions, object?[] Values) Place(object row, IDataRow source, DbConnection connection, DbTransaction? transaction)
    {
        var (names, values, entries) = ObjectColumns.Read(row);
        if (names.Count == 0)
            throw Failed(source, null, $"the mapping inserted a {row.GetType().Name} with no column values; a row the copy inserts names at least one column");
        var ordinals = entries ? Resolve(names, source) : OrdinalsOf(row.GetType(), names, source);
        if (Columns is null)
        {
            // Written as new values, never compared as keys: a key column's values go in their own type, not as the text a key is read as.
            Columns = dialect.DescribeTargets(connection, transaction, target, ordinals.Select(o => target.Columns[o] with { KeyAsText = false }).ToList());
            _ordinals = ordinals;
            _inOrder = [.. Enumerable.Range(0, ordinals.Length)];
        }

        // Rows of the first row's type (the usual case) name the columns in the same order.
        var positions = ReferenceEquals(ordinals, _ordinals) ? _inOrder : ordinals.Select(o => Array.IndexOf(_ordinals!, o)).ToArray();
        if (ordinals.Length != _ordinals!.Length || positions.Contains(-1))
        {
            throw Failed(source, null,
                $"the mapping inserted a row with columns ({string.Join(", ", ordinals.Select(o => target.Columns[o].Name))}) after rows with columns " +
                $"({string.Join(", ", _ordinals!.Select(o => target.Columns[o].Name))}); every row a copy inserts must name the same columns");
        }

        for (var i = 0; i < values.Length; i++)
        {
            var column = Columns[positions[i]];
            var value = values[i];
            if (dialect.CheckValue(column, ref value) is { } problem)
                throw Failed(source, column.Name, $"{ValueConversion.Describe(values[i])} cannot be written to '{column.Name}' ({column.SqlType}): {problem}");
            values[i] = value;
        }

        return (positions, values);
    }

    private int[] OrdinalsOf(Type type, IReadOnlyList<string> names, IDataRow source)
    {
        if (!_ordinalsByType.TryGetValue(type, out var ordinals))
            _ordinalsByType[type] = ordinals = Resolve(names, source);
        return ordinals;
    }

    /// <summary>Each name's target column (<see cref="ObjectColumns.Ordinals"/>).</summary>
    private int[] Resolve(IReadOnlyList<string> names, IDataRow source) =>
        ObjectColumns.Ordinals(target, names, (name, column, why) => column switch
        {
            null => new TableSchemaException($"Copy from {copy.Tables} in {copy.Migration}: the row the mapping inserted for source row {source.Key} has '{name}', {why}. Nothing of this batch was written.")
            {
                Migration = copy.Migration,
                Table = copy.TargetTable,
                Column = name,
                Key = source.Key,
            },
            { IsGenerated: true } => new TableSchemaException($"Copy from {copy.Tables} in {copy.Migration}: the mapping sets '{column.Name}', {why}. Leave it out of the rows.")
            {
                Migration = copy.Migration,
                Table = copy.TargetTable,
                Column = column.Name,
            },
            _ => Failed(source, column.Name, $"the row names '{name}', {why}"),
        });

    private TransformFailedException Failed(IDataRow source, string? column, string why) =>
        new($"Copy from {copy.Tables} in {copy.Migration} failed on source row {source.Key}: {why}. {failureLeaves}")
        {
            Migration = copy.Migration,
            Table = copy.TargetTable,
            Column = column,
            Key = source.Key,
        };
}
