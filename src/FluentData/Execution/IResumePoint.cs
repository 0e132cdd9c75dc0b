using System.Data.Common;
using FluentData.Dialects;

namespace FluentData.Execution;

/// <summary>
/// Where an online transform stands, as the runner's checkpoints know it: the engine resumes
/// after <see cref="ResumeAfter"/> and saves its progress in the transaction of every batch.
/// </summary>
internal interface IResumePoint
{
    /// <summary>Rows an interrupted run read and committed.</summary>
    long RowsDone { get; }

    /// <summary>Rows among them an interrupted run changed.</summary>
    long RowsChanged { get; }

    /// <summary>The key (driver values, one per key column) the interrupted run committed last, or null to start at the beginning.</summary>
    /// <exception cref="CheckpointMismatchException">The checkpoint cannot be read back exactly for this table's key.</exception>
    object?[]? ResumeAfter(TableSchema table);

    /// <summary>The last key, inclusive, of the part of the table this point covers; null to the end of the table.</summary>
    object?[]? Until(TableSchema table) => null;

    /// <summary>Records, in the batch's own transaction, that every row up to <paramref name="lastKey"/> is done.</summary>
    void Save(DbConnection connection, DbTransaction transaction, object?[] lastKey, long rowsDone, long rowsChanged);

    /// <summary>The parts an earlier run on several connections split the rest of the table into, those not finished; null when none did.</summary>
    IReadOnlyList<IResumePoint>? Parts => null;

    /// <summary>
    /// Splits the rest of the table, after <see cref="ResumeAfter"/>, at <paramref name="boundaries"/>
    /// (keys in key order) into parts with their own progress, all saved before any of them runs,
    /// so that whatever runs them — now or after a crash — runs each row once.
    /// </summary>
    IReadOnlyList<IResumePoint> Split(DbConnection connection, TableSchema table, IReadOnlyList<object?[]> boundaries) =>
        throw new NotSupportedException("Only a transform's own checkpoint splits into parts.");

    /// <summary>Records, on its own, that the part this point covers is done.</summary>
    void Finish(DbConnection connection)
    {
    }
}
