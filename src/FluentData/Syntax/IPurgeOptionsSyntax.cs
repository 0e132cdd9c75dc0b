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

    /// <summary>
    /// Moves the rows instead of dropping them: each batch inserts them into
    /// <paramref name="archiveTable"/> (in the same schema; it must have every column of the table)
    /// and deletes them, in one transaction. In an <c>AutoReversingDataMigration</c> the generated
    /// <c>Down()</c> moves them back, so the archive must then be empty when <c>Up()</c> starts and
    /// have the table's column types.
    /// </summary>
    IPurgeOptionsSyntax ArchiveTo(string archiveTable);
}
