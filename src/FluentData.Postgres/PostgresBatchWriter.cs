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
    public int Write(DbConnection connection, DbTransaction? transaction, RowBatch batch)
    {
        using var command = new NpgsqlCommand(updateSql, (NpgsqlConnection)connection, (NpgsqlTransaction?)transaction);
        AddKeys(command, batch);
        for (var i = 0; i < keys.Count; i++)
        {
            command.Parameters.Add(new NpgsqlParameter($"first{i}", batch.Keys[i][0]));
            command.Parameters.Add(new NpgsqlParameter($"last{i}", batch.Keys[i][batch.Count - 1]));
        }

        for (var i = 0; i < targets.Count; i++)
            command.Parameters.Add(Array($"c{i}", batch.Values[i], batch.Count, targets[i], nullable: true));

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
            command.Parameters.Add(Array($"k{i}", batch.Keys[i], batch.Count, keys[i], nullable: false));
    }

    /// <summary>
    /// A typed array (e.g. <c>long?[]</c>) so Npgsql sends it in binary with the right element
    /// type; values PostgreSQL parses itself travel as text and are cast to the column's type.
    /// </summary>
    private static NpgsqlParameter Array(string name, object?[] values, int count, ColumnSchema column, bool nullable)
    {
        System.Array array;
        var asText = PostgresTypes.SentAsText(column) || column.ClrType == typeof(object);
        if (asText)
        {
            var texts = new string?[count];
            for (var i = 0; i < count; i++)
                texts[i] = values[i] is IFormattable f ? f.ToString(null, System.Globalization.CultureInfo.InvariantCulture) : values[i]?.ToString();
            array = texts;
        }
        else
        {
            var elementType = nullable && column.ClrType.IsValueType ? typeof(Nullable<>).MakeGenericType(column.ClrType) : column.ClrType;
            array = System.Array.CreateInstance(elementType, count);
            System.Array.Copy(values, array, count);
        }

        var parameter = new NpgsqlParameter(name, array);
        if (!asText && DateTimeType(column) is { } dateTimeType)
            parameter.NpgsqlDbType = NpgsqlDbType.Array | dateTimeType;
        return parameter;
    }

    /// <summary>A DateTime array's element type cannot be told from its values when they are all NULL; the column says.</summary>
    private static NpgsqlDbType? DateTimeType(ColumnSchema column) => column.Kind switch
    {
        ValueKind.TimestampUtc => NpgsqlDbType.TimestampTz,
        ValueKind.Timestamp => NpgsqlDbType.Timestamp,
        _ => null,
    };

    public void Dispose()
    {
    }
}
