namespace FluentData.Execution;

/// <summary>The migration's own SQL (a Where, a UsingSql value) placed inside FluentData's statements.</summary>
internal static class SqlText
{
    /// <summary>
    /// In parentheses, so operators bind as written; before the closing one a line break when the
    /// text has a <c>--</c>, which would otherwise comment out the rest of the statement.
    /// </summary>
    public static string Grouped(string sql) => sql.Contains("--", StringComparison.Ordinal) ? $"({sql}\n)" : $"({sql})";

    /// <summary>
    /// Runs a read of a table; a read the database refuses is most often the migration's own
    /// <paramref name="filter"/>, so the error <paramref name="failed"/> builds (from the database's
    /// message and a hint at the filter) says so.
    /// </summary>
    public static T Reading<T>(string? filter, Func<T> read, Func<string, System.Data.Common.DbException, DataMigrationException> failed)
    {
        try
        {
            return read();
        }
        catch (System.Data.Common.DbException e)
        {
            var hint = filter is null ? "" : $" Check the filter Where(\"{filter}\"): it is run as written, in the database's SQL.";
            throw failed($"{e.Message.TrimEnd('.')}.{hint}", e);
        }
    }
}
