namespace FluentData.Syntax;

/// <summary>Which rows a purge deletes: those a SQL predicate selects, or — said explicitly — all of them.</summary>
public interface IPurgeRowsSyntax : IFluentSyntax
{
    /// <summary>
    /// Deletes the rows matching this SQL predicate, e.g. <c>"last_seen &lt; '2025-01-01'"</c>. It is
    /// migration code, written in the database's dialect.
    /// </summary>
    IPurgeOptionsSyntax Where(string sqlPredicate);

    /// <summary>Deletes every row of the table. A purge without a <see cref="Where"/> is refused unless it says this.</summary>
    IPurgeOptionsSyntax AllRows();
}
