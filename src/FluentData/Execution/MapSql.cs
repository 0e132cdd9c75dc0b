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
