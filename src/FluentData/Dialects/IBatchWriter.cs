using System.Data.Common;
using FluentData.Execution;

namespace FluentData.Dialects;

/// <summary>Writes one batch of new values back to the table in as few statements as the database allows.</summary>
internal interface IBatchWriter : IDisposable
{
    /// <summary>Writes the batch and returns the number of rows the database reports as updated.</summary>
    int Write(DbConnection connection, DbTransaction? transaction, RowBatch batch);
}
