namespace FluentData.Syntax;

/// <summary>Which column(s) the transform writes.</summary>
public interface ITransformColumnSyntax : IFluentSyntax
{
    /// <summary>One target column; the transform function returns its new value.</summary>
    ITransformUsingSyntax Column(string columnName);

    /// <summary>Several target columns written in one pass; the transform function sets each by name.</summary>
    ITransformColumnsUsingSyntax Columns(params string[] columnNames);

    /// <summary>
    /// Transforms rows as instances of your own class or record: each row is read into a new
    /// <typeparamref name="T"/> — a property for each column, matched by name ignoring case and
    /// underscores, or by <c>[Column("name")]</c>; <c>[NotMapped]</c> ones left out — the function
    /// changes it, and the properties it changed are written to their columns:
    /// <c>.Using&lt;Customer&gt;(c =&gt; c.EmailNormalized = c.Email?.Trim().ToLowerInvariant())</c>.
    /// The type is checked against the table before the first row: a property with no column, a
    /// type that cannot hold its column's values, a non-nullable property for a nullable column is
    /// refused, naming both. A change to a key property is refused.
    /// </summary>
    /// <example>
    /// <code>
    /// Transform.Table("customers").Using&lt;Customer&gt;(c =&gt; c.EmailNormalized = c.Email?.Trim().ToLowerInvariant());
    /// </code>
    /// </example>
    ITransformOptionsSyntax Using<T>(Action<T> transform)
        where T : class;

    /// <summary>
    /// Transforms rows as instances of your own record, as <see cref="Using{T}(Action{T})"/> does,
    /// the function returning the row changed — <c>.Using&lt;Plan&gt;(p =&gt; p with { Code = p.Code.ToUpperInvariant() })</c>.
    /// </summary>
    ITransformOptionsSyntax Using<T>(Func<T, T> transform)
        where T : class;
}
