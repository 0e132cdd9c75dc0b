using System.Data.Common;
using FluentData.Dialects;
using FluentData.Execution;
using Npgsql;
using NpgsqlTypes;

namespace FluentData.Postgres;

/// <summary>
/// Writes a batch as one <c>UPDATE ... FROM unnest(...)</c> with one typed array per key and target
/// column, and the version (xmin) each row had when read.
/// </summary>
internal sealed class PostgresBatchWriter(string updateSql, string writtenSql, IReadOnlyList<ColumnSchema> keys, IReadOnlyList<ColumnSchema> targets) : IBatchWriter
{
    private readonly TypeModifierGuard _modifiers = new(targets);

    public int Write(DbConnection connection, DbTransaction? transaction, RowBatch batch)
    {
        var values = targets.Select((target, i) => PostgresArrays.Parameter($"c{i}", batch.Values[i], batch.Count, target, nullable: true)).ToList();
        _modifiers.Check((NpgsqlConnection)connection, (NpgsqlTransaction?)transaction, values, row => $"the row with key ({string.Join(", ", batch.KeyAt(row))})");
        using var command = new NpgsqlCommand(updateSql, (NpgsqlConnection)connection, (NpgsqlTransaction?)transaction);
        AddKeys(command, batch);
        for (var i = 0; i < keys.Count; i++)
        {
            command.Parameters.Add(new NpgsqlParameter($"first{i}", batch.Keys[i][0]));
            command.Parameters.Add(new NpgsqlParameter($"last{i}", batch.Keys[i][batch.Count - 1]));
        }

        command.Parameters.AddRange(values.ToArray());

        var versions = new uint[batch.Count];
        for (var i = 0; i < versions.Length; i++)
            versions[i] = (uint)batch.GuardAt(0, i)!;
        command.Parameters.Add(new NpgsqlParameter("g", NpgsqlDbType.Array | NpgsqlDbType.Xid) { Value = versions });
        return command.ExecuteNonQuery();
    }

    public IReadOnlySet<int> WrittenRows(DbConnection connection, DbTransaction? transaction, RowBatch batch)
    {
        using var command = new NpgsqlCommand(writtenSql, (NpgsqlConnection)connection, (NpgsqlTransaction?)transaction);
        AddKeys(command, batch);
        var written = new HashSet<int>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
            written.Add((int)reader.GetInt64(0) - 1);
        return written;
    }

    private void AddKeys(NpgsqlCommand command, RowBatch batch)
    {
        for (var i = 0; i < keys.Count; i++)
            command.Parameters.Add(PostgresArrays.Parameter($"k{i}", batch.Keys[i], batch.Count, keys[i], nullable: false));
    }

    public void Dispose()
    {
    }
}
