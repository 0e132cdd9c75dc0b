using System.Data.Common;

namespace FluentData.Execution;

/// <summary>
/// A <c>Map(...)</c> as the database runs it: <c>CASE col WHEN @k0 THEN @v0 ... ELSE col END</c>,
/// keys and values as parameters typed like the column. Every key and value is checked against
/// the column first, so a map that does not fit fails before any row is touched.
/// </summary>
internal static class MapSql
{
    public static (string Sql, IReadOnlyList<(string Name, object? Value)> Parameters) Build(TransformPlan plan)
    {
        var expression = plan.Expression;
        var column = plan.Targets[0];
        var quoted = plan.Dialect.Quote(column.Name);
        var parameters = new List<(string, object?)>();
        var cases = new List<string>();
        var index = 0;
        foreach (var (from, to) in expression.ValueMap!)
        {
            cases.Add($"WHEN {plan.Dialect.TypedParameter($"@map_from{index}", column)} THEN {plan.Dialect.TypedParameter($"@map_to{index}", column)}");
            parameters.Add(($"@map_from{index}", Checked(plan, from, "maps", allowNull: false)));
            parameters.Add(($"@map_to{index}", Checked(plan, to, $"maps {ValueConversion.Describe(from)} to", allowNull: true)));
            index++;
        }

        var otherwise = quoted;
        if (expression.HasMapDefault)
        {
            otherwise = plan.Dialect.TypedParameter("@map_otherwise", column);
            parameters.Add(("@map_otherwise", Checked(plan, expression.MapDefault, "sends other values to", allowNull: true)));
        }

        return ($"CASE {quoted} {string.Join(" ", cases)} ELSE {otherwise} END", parameters);
    }

    /// <summary>
    /// Before a map whose generated <c>Down()</c> maps its values back runs: a row that already holds
    /// a value the map produces (and does not map away) would be mapped back too, so the migration is
    /// refused while nothing is written yet.
    /// </summary>
    public static void RefuseAmbiguousReversal(TransformPlan plan, IReadOnlyList<(string Name, object? Value)> parameters, DbConnection connection, DbTransaction? transaction)
    {
        var from = parameters.Where(p => p.Name.StartsWith("@map_from", StringComparison.Ordinal)).Select(p => p.Value).ToList();
        var produced = parameters.Where(p => p.Name.StartsWith("@map_to", StringComparison.Ordinal) && !from.Any(f => KeyParts.Same(f, p.Value))).ToList();
        if (produced.Count == 0)
            return;

        var column = plan.Targets[0];
        var held = $"{plan.Dialect.Quote(column.Name)} IN ({string.Join(", ", produced.Select(p => plan.Dialect.TypedParameter(p.Name, column)))})";
        using var command = Commands.Create(connection, transaction,
            plan.Dialect.BuildCount(plan.Table, plan.Expression.Filter is { } filter ? $"{SqlText.Grouped(filter)} AND {held}" : held), null, [.. produced]);
        var rows = Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        if (rows == 0)
            return;

        throw new TableSchemaException(
            $"Map on {plan.Expression.Target} in {plan.Expression.Migration} cannot be reversed exactly: {rows} rows already hold " +
            $"{string.Join(" or ", produced.Select(p => ValueConversion.Describe(p.Value)))}, which the map also produces, so the generated Down() " +
            "could not tell them from the rows it changed. Nothing was changed. Derive from DataMigration and write Down() yourself, " +
            "or map to values no row holds yet.")
        {
            Migration = plan.Expression.Migration,
            Table = plan.Expression.TableName,
            Column = column.Name,
        };
    }

    private static object? Checked(TransformPlan plan, object? value, string what, bool allowNull)
    {
        var column = plan.Targets[0];
        var coerced = value;
        var problem = value is null && !allowNull
            ? "a NULL key never matches; map NULLs with UsingSql(\"COALESCE(...)\")"
            : plan.Dialect.CheckValue(column, ref coerced);
        if (problem is null)
            return coerced;

        throw new TableSchemaException(
            $"Map on {plan.Expression.Target} in {plan.Expression.Migration} {what} {ValueConversion.Describe(value)}, which column '{column.Name}' ({column.SqlType}) cannot hold: {problem}. No row was changed.")
        {
            Migration = plan.Expression.Migration,
            Table = plan.Expression.TableName,
            Column = column.Name,
        };
    }
}
