namespace FluentData.Syntax;

/// <summary>The columns a seed's rows are matched by.</summary>
public interface ISeedKeySyntax : IFluentSyntax
{
    /// <summary>
    /// The columns that identify a row (one or several, e.g. <c>"code"</c>): a seed row and a table
    /// row with the same key are the same row. The table needs a primary key or unique index on
    /// exactly these columns, which the database's upsert relies on.
    /// </summary>
    ISeedRowsSyntax Key(params string[] columns);
}
