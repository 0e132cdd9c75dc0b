using System.Data.Common;
using FluentData.Execution;

namespace FluentData.Runner.Checkpoints;

/// <summary>
/// Where an online transform stands: it resumes after <see cref="LastKey"/> and saves its
/// progress in the transaction of every batch it commits.
/// </summary>
internal sealed class TransformCheckpoint(CheckpointStore store, long version, int step, string fingerprint, string? lastKey, long rowsDone)
{
    public string? LastKey { get; } = lastKey;

    public long RowsDone { get; } = rowsDone;

    public object? ResumeAfter(Type keyType) => LastKey is null ? null : ValueConversion.ConvertTo(LastKey, keyType);

    public void Save(DbConnection connection, DbTransaction transaction, object lastKey, long rowsDone) =>
        store.Save(connection, transaction, new Checkpoint(version, step, fingerprint, Completed: false, CheckpointStore.FormatKey(lastKey), rowsDone));
}
