namespace FluentData.Syntax;

/// <summary>Optional settings of a seed, in any order.</summary>
public interface ISeedOptionsSyntax : IFluentSyntax
{
    /// <summary>
    /// Deletes the rows of the table whose key the seed does not name, after the seed's rows are
    /// written. Without it they are left alone and reported.
    /// </summary>
    ISeedOptionsSyntax DeleteOthers();

    /// <summary>
    /// How many seed rows each write covers; by default the database's batch size for work done in
    /// the database. Online, each batch commits on its own.
    /// </summary>
    ISeedOptionsSyntax InBatchesOf(int rows);
}
