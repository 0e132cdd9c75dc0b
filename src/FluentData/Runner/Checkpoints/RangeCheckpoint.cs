using System.Data.Common;
using FluentData.Dialects;
using FluentData.Execution;

namespace FluentData.Runner.Checkpoints;

/// <summary>
/// Where one part of a transform run on several connections stands: it resumes after the last key
/// it committed (or its start), stops at its end, and saves its progress in its own row — written
/// only by the connection working on it, so parts never wait for one another's checkpoints.
/// </summary>
internal sealed class RangeCheckpoint(CheckpointStore store, long version, int step, int part, RangeState state) : IResumePoint
{
    private RangeState _state = state;

    public bool Done => _state.Done;

    public long RowsDone => _state.Read;

    public long RowsChanged => _state.Changed;

    public object?[]? ResumeAfter(TableSchema table) => (_state.Last ?? _state.After) is { } key ? KeyCodec.Decode(key) : null;

    public object?[]? Until(TableSchema table) => _state.Until is { } key ? KeyCodec.Decode(key) : null;

    public void Save(DbConnection connection, DbTransaction transaction, object?[] lastKey, long rowsDone, long rowsChanged)
    {
        var saved = _state with { Last = KeyCodec.Encode(lastKey), Read = rowsDone, Changed = rowsChanged };
        store.SaveRange(connection, transaction, version, step, part, saved.ToJson());
        _state = saved;
    }

    /// <summary>Records, on its own, that every row of the part is done.</summary>
    public void Finish(DbConnection connection)
    {
        var finished = _state with { Done = true };
        store.SaveRange(connection, null, version, step, part, finished.ToJson());
        _state = finished;
    }
}
