using System.Data.Common;
using FluentData.Dialects;
using FluentData.Expressions;

namespace FluentData.Execution;

/// <summary>
/// A transform checked against the live schema: the table exists, has a key (primary key, or a
/// unique index over NOT NULL columns), and has every target column. Built before any row is read, so a bad name changes nothing.
/// </summary>
internal sealed class TransformPlan
{
    private readonly Dictionary<string, int> _targetOrdinals;
    private readonly Dictionary<string, int> _looseTargetOrdinals;

    private TransformPlan(TransformExpression expression, IDataDialect dialect, TableSchema table, IReadOnlyList<ColumnSchema> targets)
    {
        Expression = expression;
        Dialect = dialect;
        Table = table;
        Targets = targets;
        Shape = new RowShape(table, expression.Migration, targets, dialect.RowVersion);
        TargetTableOrdinals = targets.Select(table.IndexOf).ToArray();
        // A target is found by its exact name first: "Name" and "name" may be two columns. By another case only when one matches.
        _targetOrdinals = new Dictionary<string, int>(StringComparer.Ordinal);
        _looseTargetOrdinals = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var ambiguous = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < targets.Count; i++)
        {
            _targetOrdinals[targets[i].Name] = i;
            _targetOrdinals.TryAdd(expression.Columns[i], i);
            if (!_looseTargetOrdinals.TryAdd(targets[i].Name, i))
                ambiguous.Add(targets[i].Name);
        }

        foreach (var name in ambiguous)
            _looseTargetOrdinals.Remove(name);
    }

    public TransformExpression Expression { get; }

    /// <summary>The transform's batch size, or the dialect's default for the way it runs.</summary>
    public int BatchSize => Expression.BatchSize
        ?? (Expression.SqlExpression is not null || Expression.ValueMap is not null ? Dialect.DefaultServerSideBatchSize : Dialect.DefaultBatchSize);

    public IDataDialect Dialect { get; }

    public TableSchema Table { get; }

    public IReadOnlyList<ColumnSchema> Targets { get; }

    /// <summary>Where each target column sits in a row read by the keyset query.</summary>
    public int[] TargetTableOrdinals { get; }

    public RowShape Shape { get; }

    public int TargetOrdinalOf(string column)
    {
        ArgumentNullException.ThrowIfNull(column);
        return _targetOrdinals.TryGetValue(column, out var ordinal) || _looseTargetOrdinals.TryGetValue(column, out ordinal)
            ? ordinal
            : throw new TableSchemaException(
                $"Transform on {Expression.Target} in {Expression.Migration} sets column '{column}', which is not one of its target columns; " +
                $"add it to .Columns(...).")
            {
                Migration = Expression.Migration,
                Table = Expression.TableName,
                Column = column,
            };
    }

    public static TransformPlan Create(TransformExpression expression, IDataDialect dialect, DbConnection connection, DbTransaction? transaction)
    {
        var name = new TableName(expression.SchemaName, expression.TableName);
        var table = KeyedTables.Read(dialect, connection, transaction, name, "Transform", expression.Migration);
        if (expression.TypedFunction is { } typed && expression.RowFunction is null)
        {
            // Typed rows name their columns through their properties: known once the table is.
            var (columns, function) = typed.Bind(expression, table);
            if (expression.Columns.Count == 0)
            {
                foreach (var column in columns)
                    expression.Columns.Add(column);
            }

            if (expression.Columns.Count == 0)
                throw Error(expression, null, $"Transform in {expression.Migration} works on {typed.RowType.Name} rows, none of whose properties stands for a column it can write (the key and generated columns cannot be). Nothing was changed.");
            expression.RowFunction = function;
        }

        var targets = new List<ColumnSchema>(expression.Columns.Count);
        foreach (var columnName in expression.Columns)
        {
            var column = table.Find(columnName)
                ?? throw Error(expression, columnName,
                    $"Transform in {expression.Migration} writes column '{columnName}', which table {name} does not have. " +
                    $"Its columns are: {string.Join(", ", table.Columns.Select(c => c.Name))}. " +
                    "Add the column earlier in the migration (Alter.Table(...).AddColumn(...)) or fix the name.");
            if (column.IsGenerated)
            {
                throw Error(expression, columnName,
                    $"Transform in {expression.Migration} writes '{column.Name}' of table {name}, which the database generates itself " +
                    "(a GENERATED or identity column) and will not let anyone write. Transform the columns it is computed from instead.");
            }

            if (column.IsKey)
            {
                throw Error(expression, columnName,
                    $"Transform in {expression.Migration} writes '{column.Name}', part of the {table.KeySource} of table {name} that FluentData reads it by. " +
                    "Transforms read by key and cannot change it; copy the rows into a new table instead.");
            }

            targets.Add(column);
        }

        return new TransformPlan(expression, dialect, table, dialect.DescribeTargets(connection, transaction, table, targets));
    }

    private static TableSchemaException Error(TransformExpression expression, string? column, string message) =>
        new(message)
        {
            Migration = expression.Migration,
            Table = expression.TableName,
            Column = column,
        };
}
