using System.Data.Common;

namespace FluentData.Dialects;

/// <summary>
/// Inserts one batch of new rows into a table in as few statements as the database allows: the
/// rows a copy's C# mapping produced, column by column so a writer can hand each column to the
/// database as one array.
/// </summary>
internal interface IRowInserter : IDisposable
{
    /// <summary>Inserts rows 0 to <paramref name="count"/> - 1 of <paramref name="values"/> (one array per column) and returns how many the database inserted.</summary>
    int Insert(DbConnection connection, DbTransaction? transaction, object?[][] values, int count);
}
