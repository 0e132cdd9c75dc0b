namespace FluentData.Syntax;

/// <summary>Optional settings of a copy, in any order.</summary>
public interface ICopyOptionsSyntax : IFluentSyntax
{
    /// <summary>Copies only the source rows this SQL predicate selects; it is run as written, in the database's dialect.</summary>
    ICopyOptionsSyntax Where(string sqlPredicate);

    /// <summary>
    /// How many source rows each batch reads; by default the database's batch size (for a C#
    /// mapping) or its batch size for work done in the database (for <c>Columns</c>). Online,
    /// each batch commits on its own with its checkpoint.
    /// </summary>
    ICopyOptionsSyntax InBatchesOf(int rows);

    /// <summary>Pauses between batches, so an online copy leaves room for live traffic. The pause is cancelled with the run.</summary>
    ICopyOptionsSyntax ThrottleBy(TimeSpan pauseBetweenBatches);
}
