using System.Data.Common;
using System.Globalization;
using FluentData.Dialects;
using FluentData.Execution;

namespace FluentData.Runner.Checkpoints;

/// <summary>
/// Reads and writes the checkpoint table, which lives next to FluentMigrator's version table, and
/// the table of the parts a transform on several connections split the rest of its table into
/// (<see cref="RangesTableName"/>, created by the first such transform). Every statement runs on the caller's connection and
/// transaction, so a checkpoint commits with the batch it describes.
/// </summary>
internal sealed class CheckpointStore(IDataDialect dialect, TableName table)
{
    public const string TableName = "FluentDataCheckpoints";

    public const string RangesTableName = "FluentDataCheckpointRanges";

    private readonly string _table = dialect.QuoteTable(table);

    private readonly TableName _rangesName = RangesNextTo(table);

    private readonly string _ranges = dialect.QuoteTable(RangesNextTo(table));

    private static TableName RangesNextTo(TableName checkpoints) => new(checkpoints.Schema, RangesTableName);

    public TableName Table => table;

    // Whether the table has the state column: a table an earlier version created has not, until a run adds it.
    private bool _hasState = true;

    public bool Exists(DbConnection connection, DbTransaction? transaction)
    {
        var schema = dialect.ReadSchema(connection, transaction, table);
        _hasState = schema?.Find("state") is not null;
        return schema is not null;
    }

    /// <summary>Creates the tables, or adds the exact resume key to a table an earlier version created.</summary>
    public void EnsureTable(DbConnection connection, DbTransaction? transaction)
    {
        Execute(connection, transaction, dialect.BuildCreateCheckpointTable(table));
        if (dialect.ReadSchema(connection, transaction, table)?.Find("state") is null)
            Execute(connection, transaction, dialect.BuildAddCheckpointState(table));
        _hasState = true;
    }

    public List<Checkpoint> Load(DbConnection connection, DbTransaction? transaction, long version)
    {
        using var command = Command(connection, transaction,
            $"SELECT {Q("step")}, {Q("fingerprint")}, {Q("completed")}, {Q("last_key")}, {Q("rows_done")}, {(_hasState ? Q("state") : "NULL")} FROM {_table} WHERE {Q("version")} = @version ORDER BY {Q("step")}",
            ("@version", version));
        using var reader = command.ExecuteReader();
        var checkpoints = new List<Checkpoint>();
        while (reader.Read())
        {
            checkpoints.Add(new Checkpoint(version, Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture), reader.GetString(1),
                Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture) != 0, reader.IsDBNull(3) ? null : reader.GetString(3),
                Convert.ToInt64(reader.GetValue(4), CultureInfo.InvariantCulture), reader.IsDBNull(5) ? null : reader.GetString(5)));
        }

        return checkpoints;
    }

    public List<long> Versions(DbConnection connection, DbTransaction? transaction)
    {
        using var command = Command(connection, transaction, $"SELECT DISTINCT {Q("version")} FROM {_table} ORDER BY {Q("version")}");
        using var reader = command.ExecuteReader();
        var versions = new List<long>();
        while (reader.Read())
            versions.Add(Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture));
        return versions;
    }

    /// <summary>Updates the step's row, or inserts it the first time: plain SQL every dialect runs.</summary>
    public void Save(DbConnection connection, DbTransaction? transaction, Checkpoint checkpoint)
    {
        (string, object?)[] values =
        [
            ("@version", checkpoint.Version), ("@step", checkpoint.Step), ("@fingerprint", checkpoint.Fingerprint),
            ("@completed", checkpoint.Completed ? 1 : 0), ("@last_key", checkpoint.LastKey), ("@rows_done", checkpoint.RowsDone),
            ("@updated_at", DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture)), ("@state", checkpoint.State),
        ];
        var updated = Execute(connection, transaction,
            $"UPDATE {_table} SET {Q("fingerprint")} = @fingerprint, {Q("completed")} = @completed, {Q("last_key")} = @last_key, " +
            $"{Q("rows_done")} = @rows_done, {Q("updated_at")} = @updated_at, {Q("state")} = @state WHERE {Q("version")} = @version AND {Q("step")} = @step",
            values);
        if (updated == 0)
        {
            Execute(connection, transaction,
                $"INSERT INTO {_table} ({Q("version")}, {Q("step")}, {Q("fingerprint")}, {Q("completed")}, {Q("last_key")}, {Q("rows_done")}, {Q("updated_at")}, {Q("state")}) " +
                "VALUES (@version, @step, @fingerprint, @completed, @last_key, @rows_done, @updated_at, @state)",
                values);
        }
    }

    /// <summary>Creates the table of the parts of transforms on several connections, the first time one runs.</summary>
    public void EnsureRangesTable(DbConnection connection, DbTransaction? transaction) =>
        Execute(connection, transaction, dialect.BuildCreateCheckpointRangesTable(_rangesName));

    /// <summary>The parts of the migration's transforms, by step: each part's number and state (<see cref="RangeState"/>).</summary>
    public ILookup<int, (int Part, string State)> LoadRanges(DbConnection connection, DbTransaction? transaction, long version)
    {
        if (dialect.ReadSchema(connection, transaction, _rangesName) is null)
            return Array.Empty<(int Step, int Part, string State)>().ToLookup(r => r.Step, r => (r.Part, r.State));

        using var command = Command(connection, transaction,
            $"SELECT {Q("step")}, {Q("part")}, {Q("state")} FROM {_ranges} WHERE {Q("version")} = @version ORDER BY {Q("step")}, {Q("part")}",
            ("@version", version));
        using var reader = command.ExecuteReader();
        var ranges = new List<(int Step, int Part, string State)>();
        while (reader.Read())
        {
            ranges.Add((Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture), Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture),
                reader.GetString(2)));
        }

        return ranges.ToLookup(r => r.Step, r => (r.Part, r.State));
    }

    /// <summary>Updates a part's row, or inserts it the first time.</summary>
    public void SaveRange(DbConnection connection, DbTransaction? transaction, long version, int step, int part, string state)
    {
        (string, object?)[] values =
        [
            ("@version", version), ("@step", step), ("@part", part), ("@state", state),
            ("@updated_at", DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture)),
        ];
        var updated = Execute(connection, transaction,
            $"UPDATE {_ranges} SET {Q("state")} = @state, {Q("updated_at")} = @updated_at WHERE {Q("version")} = @version AND {Q("step")} = @step AND {Q("part")} = @part",
            values);
        if (updated == 0)
        {
            Execute(connection, transaction,
                $"INSERT INTO {_ranges} ({Q("version")}, {Q("step")}, {Q("part")}, {Q("state")}, {Q("updated_at")}) VALUES (@version, @step, @part, @state, @updated_at)",
                values);
        }
    }

    public void Delete(DbConnection connection, DbTransaction? transaction, long version)
    {
        Execute(connection, transaction, $"DELETE FROM {_table} WHERE {Q("version")} = @version", ("@version", version));
        if (dialect.ReadSchema(connection, transaction, _rangesName) is not null)
            Execute(connection, transaction, $"DELETE FROM {_ranges} WHERE {Q("version")} = @version", ("@version", version));
    }

    /// <summary>A key as people read it in the table: the single value, or the composite's values; cut at 400 characters.</summary>
    public static string DisplayKey(object?[] parts)
    {
        var text = string.Join(", ", parts.Select(p => p switch
        {
            null => "NULL",
            DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
            DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
            byte[] b => "0x" + Convert.ToHexString(b),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => p.ToString() ?? "",
        }));
        return RowKey.Shorten(text, 400);
    }

    private string Q(string column) => dialect.Quote(column);

    private static int Execute(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return command.ExecuteNonQuery();
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters) =>
        Commands.Create(connection, transaction, sql, null, parameters);
}
