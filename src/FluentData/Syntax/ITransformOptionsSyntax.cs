namespace FluentData.Syntax;

/// <summary>Optional settings of a transform, in any order.</summary>
public interface ITransformOptionsSyntax : IFluentSyntax
{
    /// <summary>
    /// Only rows matching this SQL predicate are transformed, e.g. <c>"email IS NOT NULL"</c>.
    /// It is migration code, written in the database's dialect; values belong in the transform, not here.
    /// </summary>
    ITransformOptionsSyntax Where(string sqlPredicate);

    /// <summary>
    /// How many rows are read, transformed and written at a time; by default what measured best
    /// for the database (see the README). Memory use grows with it; the number of round trips
    /// shrinks with it. Online, it is also how much work a crash can lose.
    /// </summary>
    ITransformOptionsSyntax InBatchesOf(int rows);

    /// <summary>
    /// Pauses between batches, so an online migration (<c>TransactionBehavior.None</c>) leaves room
    /// for live traffic. The pause is cancelled with the run.
    /// </summary>
    ITransformOptionsSyntax ThrottleBy(TimeSpan pauseBetweenBatches);

    /// <summary>
    /// Runs the transform on up to <paramref name="connections"/> connections at once, each
    /// transforming and committing its own part of the table: online migrations
    /// (<c>TransactionBehavior.None</c>) on PostgreSQL. In a transaction, and where the database
    /// offers no second connection that sees the table as the migration does (SQLite), it runs on
    /// one and logs why. The function then runs on several threads at once; the throttle pauses
    /// each connection between its batches. By default one connection.
    /// </summary>
    ITransformOptionsSyntax InParallel(int connections);
}
