namespace FluentData.Syntax;

/// <summary>The start of a copy: rows of one table inserted into another, in batches by the source's key.</summary>
/// <example>
/// <code>
/// Copy.Rows.From("customers").To("addresses")
///     .Columns(("customer_id", "id"), ("street", "trim(street)"), ("city", "city"))
///     .Where("street IS NOT NULL");
/// </code>
/// </example>
public interface ICopyExpressionRoot : IFluentSyntax
{
    /// <summary>Copies rows; name the source table next.</summary>
    ICopyFromSyntax Rows { get; }
}
