namespace FluentData.Syntax;

/// <summary>The start of a purge: deleting rows of a table in batches, by key range.</summary>
/// <example>
/// <code>
/// Purge.Table("sessions")
///     .Where("last_seen &lt; now() - interval '90 days'")
///     .InBatchesOf(10_000);
/// </code>
/// </example>
public interface IPurgeExpressionRoot : IFluentSyntax
{
    /// <summary>The table whose rows the purge deletes. It needs a primary key, or a unique index over NOT NULL columns.</summary>
    IPurgeRowsOrInSchemaSyntax Table(string tableName);
}
