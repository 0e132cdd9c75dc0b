namespace FluentData.Syntax;

/// <summary>Optional settings of a purge, in any order.</summary>
public interface IPurgeOptionsSyntax : IFluentSyntax
{
    /// <summary>
    /// How many rows each batch deletes; by default the database's batch size for work done in the
    /// database. Online, each batch commits on its own: smaller batches hold their row locks shorter.
    /// </summary>
    IPurgeOptionsSyntax InBatchesOf(int rows);

    /// <summary>Pauses between batches, so an online purge leaves room for live traffic. The pause is cancelled with the run.</summary>
    IPurgeOptionsSyntax ThrottleBy(TimeSpan pauseBetweenBatches);
}
