namespace FluentData.Execution;

/// <summary>The migration's own SQL (a Where, a UsingSql value) placed inside FluentData's statements.</summary>
internal static class SqlText
{
    /// <summary>
    /// In parentheses, so operators bind as written; before the closing one a line break when the
    /// text has a <c>--</c>, which would otherwise comment out the rest of the statement.
    /// </summary>
    public static string Grouped(string sql) => sql.Contains("--", StringComparison.Ordinal) ? $"({sql}\n)" : $"({sql})";
}
