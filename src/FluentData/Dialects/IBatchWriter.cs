using System.Data.Common;
using FluentData.Execution;

namespace FluentData.Dialects;

/// <summary>
/// Writes one batch of new values back to the table in as few statements as the database allows,
/// each row only while its guard (<see cref="RowBatch.Guard"/>) still holds: a row another session
/// changed since it was read is not written.
/// </summary>
internal interface IBatchWriter : IDisposable
{
    /// <summary>Writes the rows whose guard holds and returns how many the database updated.</summary>
    int Write(DbConnection connection, DbTransaction? transaction, RowBatch batch);

    /// <summary>After a <see cref="Write"/> that updated fewer rows than the batch holds, in the same transaction: the indexes of the rows it updated.</summary>
    IReadOnlySet<int> WrittenRows(DbConnection connection, DbTransaction? transaction, RowBatch batch);
}
