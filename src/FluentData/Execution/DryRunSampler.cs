using System.Data.Common;

namespace FluentData.Execution;

/// <summary>
/// In a dry run, looks at a transform's first few rows before and after it, and counts the
/// NULLs it leaves in each target column.
/// </summary>
internal sealed class DryRunSampler(TransformPlan plan, DbConnection connection, DbTransaction? transaction)
{
    public const int SampleSize = 3;

    private readonly int _keys = plan.Table.KeyColumns.Count;
    private readonly List<(object?[] Key, object?[] Before)> _before = [];

    public void Before()
    {
        using var command = Command(plan.Dialect.BuildSelectBatch(plan.Table, [.. plan.Table.KeyReadColumns, .. plan.Targets], plan.Expression.Filter, afterKey: false), ("@limit", SampleSize));
        using var reader = command.ExecuteReader();
        while (reader.Read())
            _before.Add((Values(reader, 0, _keys), Values(reader, _keys, plan.Targets.Count)));
    }

    public DryRunTransform After(long rows)
    {
        var after = new Dictionary<object?[], object?[]>(KeyParts.Comparer);
        if (_before.Count > 0)
        {
            using var command = Command(plan.Dialect.BuildSelectKeyRange(plan.Table, plan.Targets),
                [.. Commands.Key("first", _before[0].Key), .. Commands.Key("last", _before[^1].Key)]);
            using var reader = command.ExecuteReader();
            while (reader.Read())
                after[Values(reader, 0, _keys)] = Values(reader, _keys, plan.Targets.Count);
        }

        var nulls = plan.Targets.ToDictionary(t => t.Name, t =>
        {
            var isNull = $"{plan.Dialect.Quote(t.Name)} IS NULL";
            using var command = Command(plan.Dialect.BuildCount(plan.Table, plan.Expression.Filter is { } f ? $"({f}) AND {isNull}" : isNull));
            return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        });

        var expression = plan.Expression;
        return new DryRunTransform(expression.Migration, expression.TableName, expression.Columns.ToArray(), rows, nulls,
            _before.Select(b => new DryRunSample(KeyParts.ToRowKey(plan.Table, b.Key), b.Before, after.GetValueOrDefault(b.Key) ?? [])).ToList());
    }

    private static object?[] Values(DbDataReader reader, int from, int count) =>
        Enumerable.Range(from, count).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i)).ToArray();

    private DbCommand Command(string sql, params (string Name, object? Value)[] parameters) =>
        Commands.Create(connection, transaction, sql, null, parameters);
}
