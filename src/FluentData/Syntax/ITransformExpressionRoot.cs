namespace FluentData.Syntax;

/// <summary>The start of a data transform: which table's rows to rewrite.</summary>
/// <example>
/// <code>
/// Transform.Table("customers")
///     .Column("email_normalized")
///     .Using(row => row.Get&lt;string&gt;("email")?.Trim().ToLowerInvariant())
///     .Where("email IS NOT NULL")
///     .InBatchesOf(10_000);
/// </code>
/// </example>
public interface ITransformExpressionRoot : IFluentSyntax
{
    /// <summary>The table whose rows the transform rewrites. It needs a single-column primary key.</summary>
    ITransformColumnOrInSchemaSyntax Table(string tableName);
}
