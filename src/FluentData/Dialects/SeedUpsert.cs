namespace FluentData.Dialects;

/// <summary>The statements that write one range of staged rows into the table, run in order, and what each one's result counts.</summary>
internal sealed record SeedUpsert(IReadOnlyList<(string Sql, SeedUpsertCount Counts)> Statements);

/// <summary>What a seed statement's result counts.</summary>
internal enum SeedUpsertCount
{
    /// <summary>It returns one row: the rows inserted, then the rows updated.</summary>
    InsertedThenUpdated,

    /// <summary>The rows it affected were updated.</summary>
    Updated,

    /// <summary>The rows it affected were inserted.</summary>
    Inserted,
}
