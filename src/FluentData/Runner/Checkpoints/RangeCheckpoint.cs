using System.Data.Common;
using FluentData.Dialects;
using FluentData.Execution;

namespace FluentData.Runner.Checkpoints;

/// <summary>
/// Where one part of a transform run on several connections stands: it resumes after the last key
/// it committed (or its start), stops at its end, and saves its progress in its own row — written
/// only by the connection working on it, so parts never wait for one another's checkpoints.
/// </summary>
internal sealed class RangeCheckpoint(CheckpointStore store, MigrationIdentity migration, int step, int part, RangeState state) : IResumePoint
{
    private readonly long _version = migration.Version ?? 0;

    private RangeState _state = state;

    public bool Done => _state.Done;

    public long RowsDone => _state.Read;

    public long RowsChanged => _state.Changed;

    public object?[]? ResumeAfter(TableSchema table) => Key(table, _state.Last ?? _state.After);

    public object?[]? Until(TableSchema table) => Key(table, _state.Until);

    /// <exception cref="CheckpointMismatchException">The saved key is not one of this table's keys any more.</exception>
    private object?[]? Key(TableSchema table, string[]? saved)
    {
        if (saved is null)
            return null;
        try
        {
            var key = KeyCodec.Decode(saved);
            if (key.Length == table.KeyColumns.Count)
                return key;
        }
        catch (FormatException)
        {
        }

        throw new CheckpointMismatchException(
            $"Migration {migration} was interrupted in an earlier run on several connections, but part {part} of its checkpoint for table {table.Name} " +
            "cannot be resumed exactly: its key is not the table's key any more. Nothing was changed. Check which rows the earlier run transformed, " +
            $"then discard its checkpoints with IDataMigrationRunner.DiscardCheckpoints({_version}) and run again (with a Where(...) that skips the rows already done, if it is not idempotent).")
        {
            Migration = migration,
        };
    }

    public void Save(DbConnection connection, DbTransaction transaction, object?[] lastKey, long rowsDone, long rowsChanged)
    {
        var saved = _state with { Last = KeyCodec.Encode(lastKey), Read = rowsDone, Changed = rowsChanged };
        store.SaveRange(connection, transaction, _version, step, part, saved.ToJson());
        _state = saved;
    }

    /// <summary>Records, on its own, that every row of the part is done.</summary>
    public void Finish(DbConnection connection)
    {
        var finished = _state with { Done = true };
        store.SaveRange(connection, null, _version, step, part, finished.ToJson());
        _state = finished;
    }
}
