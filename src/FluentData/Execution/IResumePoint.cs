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

    /// <summary>Records, in the batch's own transaction, that every row up to <paramref name="lastKey"/> is done.</summary>
    void Save(DbConnection connection, DbTransaction transaction, object?[] lastKey, long rowsDone, long rowsChanged);
}
