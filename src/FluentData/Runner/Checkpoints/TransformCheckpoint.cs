using System.Data.Common;
using System.Globalization;
using FluentData.Dialects;
using FluentData.Execution;

namespace FluentData.Runner.Checkpoints;

/// <summary>
/// Where an online transform stands in the checkpoint table: it resumes after the key it
/// committed last, stored exactly (<see cref="KeyCodec"/>), and saves its progress in the
/// transaction of every batch it commits.
/// </summary>
internal sealed class TransformCheckpoint(
    CheckpointStore store, MigrationIdentity migration, int step, string fingerprint, Checkpoint? saved, IEnumerable<(int Part, string State)>? ranges = null) : IResumePoint
{
    private readonly long _version = migration.Version ?? 0;

    private readonly CheckpointState? _state = saved?.State is { } json ? Read(json) : null;

    private readonly List<RangeCheckpoint> _parts = (ranges ?? []).Select(r => new RangeCheckpoint(store, migration, step, r.Part, ReadRange(migration, r.State))).ToList();

    /// <summary>Rows done before the rest of the table was split, and in every part since.</summary>
    public long RowsDone => (saved?.RowsDone ?? 0) + _parts.Sum(p => p.RowsDone);

    public long RowsChanged => ChangedBeforeSplit + _parts.Sum(p => p.RowsChanged);

    /// <summary>Rows the step's own checkpoint says were changed (an earlier version kept no count: every row read).</summary>
    private long ChangedBeforeSplit => _state?.Changed ?? saved?.RowsDone ?? 0;

    public IReadOnlyList<IResumePoint>? Parts => _parts.Count == 0 ? null : _parts.Where(p => !p.Done).ToList();

    private static RangeState ReadRange(MigrationIdentity migration, string json)
    {
        try
        {
            return RangeState.FromJson(json);
        }
        catch (FormatException e)
        {
            throw new CheckpointMismatchException(
                $"Migration {migration} was interrupted in an earlier run on several connections, but the state of one of its parts cannot be read: {e.Message}. " +
                $"Nothing was changed. Check which rows the earlier run transformed, then discard its checkpoints with IDataMigrationRunner.DiscardCheckpoints({migration.Version}).")
            {
                Migration = migration,
            };
        }
    }

    public IReadOnlyList<IResumePoint> Split(DbConnection connection, TableSchema table, IReadOnlyList<object?[]> boundaries)
    {
        var start = ResumeAfter(table);
        var edges = new List<object?[]?> { start };
        edges.AddRange(boundaries);
        edges.Add(null);
        using var transaction = connection.BeginTransaction();
        store.EnsureRangesTable(connection, transaction);
        store.Save(connection, transaction, new Checkpoint(_version, step, fingerprint, Completed: false, start is null ? null : CheckpointStore.DisplayKey(start),
            saved?.RowsDone ?? 0, new CheckpointState(start is null ? null : KeyCodec.Encode(start), ChangedBeforeSplit).ToJson()));
        var parts = new List<RangeCheckpoint>();
        for (var part = 0; part < edges.Count - 1; part++)
        {
            var state = new RangeState(edges[part] is { } after ? KeyCodec.Encode(after) : null, edges[part + 1] is { } until ? KeyCodec.Encode(until) : null);
            store.SaveRange(connection, transaction, _version, step, part, state.ToJson());
            parts.Add(new RangeCheckpoint(store, migration, step, part, state));
        }

        transaction.Commit();
        _parts.AddRange(parts);
        return parts;
    }

    private static CheckpointState? Read(string json)
    {
        try
        {
            return CheckpointState.FromJson(json);
        }
        catch (FormatException)
        {
            return new CheckpointState();
        }
    }

    public object?[]? ResumeAfter(TableSchema table)
    {
        if (table.KeyColumns.FirstOrDefault(c => !KeyCodec.Supports(c.ReadAsText ? typeof(string) : c.ClrType)) is { } unsupported)
        {
            throw new TableSchemaException(
                $"Migration {migration} runs without a transaction, so it checkpoints each batch by its last key, and FluentData cannot store a key " +
                $"of column '{unsupported.Name}' ({unsupported.SqlType}, read as {unsupported.ClrType.Name}) exactly. Nothing was changed. " +
                "Run the migration in a transaction, or key the table by a column of a common type.")
            {
                Migration = migration,
                Table = table.Name.Name,
                Column = unsupported.Name,
            };
        }

        if (_state is not null)
        {
            if (_state.After is null)
                return null;
            try
            {
                var parts = KeyCodec.Decode(_state.After);
                if (parts.Length == table.KeyColumns.Count)
                    return parts;
            }
            catch (FormatException)
            {
            }

            throw Unreadable(table, "its key is not the table's key any more");
        }

        return saved?.LastKey is { } text ? FromEarlierVersion(table, text) : null;
    }

    /// <summary>
    /// A checkpoint an earlier version wrote keeps the key as plain text: exact for whole numbers
    /// and for text (which it could only store up to 400 characters), not for other types.
    /// </summary>
    private object?[] FromEarlierVersion(TableSchema table, string text)
    {
        var key = table.KeyColumns.Count == 1 ? table.KeyColumns[0] : null;
        if (key is { Kind: ValueKind.Integer, TypeEnforced: true } && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            return [Convert.ChangeType(number, key.ClrType, CultureInfo.InvariantCulture)];
        if (key is { Kind: ValueKind.Text, IsPadded: false } && key.ClrType == typeof(string))
            return [text];
        throw Unreadable(table, $"an earlier version of FluentData stored its last key ('{text}') as text, which cannot be read back exactly for a key of type {key?.SqlType ?? "with several columns"}");
    }

    private CheckpointMismatchException Unreadable(TableSchema table, string why) =>
        new($"Migration {migration} was interrupted in an earlier run, but its checkpoint for table {table.Name} cannot be resumed exactly: {why}. " +
            "Nothing was changed. Check which rows the earlier run transformed, then discard its checkpoints with " +
            $"IDataMigrationRunner.DiscardCheckpoints({_version}) and run again (with a Where(...) that skips the rows already done, if it is not idempotent).")
        {
            Migration = migration,
        };

    public void Save(DbConnection connection, DbTransaction transaction, object?[] lastKey, long rowsDone, long rowsChanged) =>
        store.Save(connection, transaction, new Checkpoint(_version, step, fingerprint, Completed: false, CheckpointStore.DisplayKey(lastKey), rowsDone,
            new CheckpointState(KeyCodec.Encode(lastKey), rowsChanged).ToJson()));
}
