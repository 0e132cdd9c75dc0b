using System.Data.Common;
using FluentData.Dialects;
using FluentData.Execution;
using Npgsql;
using NpgsqlTypes;

namespace FluentData.Postgres;

/// <summary>Writes a batch as one <c>UPDATE ... FROM unnest(...)</c> with one typed array per column.</summary>
internal sealed class PostgresBatchWriter(string updateSql, ColumnSchema key, IReadOnlyList<ColumnSchema> targets) : IBatchWriter
{
    public int Write(DbConnection connection, DbTransaction? transaction, RowBatch batch)
    {
        using var command = new NpgsqlCommand(updateSql, (NpgsqlConnection)connection, (NpgsqlTransaction?)transaction);
        command.Parameters.Add(new NpgsqlParameter("keys", ToArray(batch.Keys, batch.Count, key.ClrType, nullable: false)));
        for (var i = 0; i < targets.Count; i++)
        {
            var parameter = new NpgsqlParameter($"c{i}", ToArray(batch.Values[i], batch.Count, targets[i].ClrType, nullable: true));
            if (DateTimeType(targets[i]) is { } dateTimeType)
                parameter.NpgsqlDbType = NpgsqlDbType.Array | dateTimeType;
            command.Parameters.Add(parameter);
        }

        command.Parameters.Add(new NpgsqlParameter("first", batch.FirstKey));
        command.Parameters.Add(new NpgsqlParameter("last", batch.LastKey));
        return command.ExecuteNonQuery();
    }

    /// <summary>
    /// A typed array (e.g. <c>long?[]</c>) so Npgsql sends it in binary with the right element
    /// type; values of types the driver does not map travel as text and PostgreSQL casts them.
    /// </summary>
    private static Array ToArray(object?[] values, int count, Type clrType, bool nullable)
    {
        if (clrType == typeof(object))
        {
            var texts = new string?[count];
            for (var i = 0; i < count; i++)
                texts[i] = values[i] is IFormattable f ? f.ToString(null, System.Globalization.CultureInfo.InvariantCulture) : values[i]?.ToString();
            return texts;
        }

        var elementType = nullable && clrType.IsValueType ? typeof(Nullable<>).MakeGenericType(clrType) : clrType;
        var array = Array.CreateInstance(elementType, count);
        Array.Copy(values, array, count);
        return array;
    }

    private static NpgsqlDbType? DateTimeType(ColumnSchema column) => column.DataType switch
    {
        "timestamp with time zone" => NpgsqlDbType.TimestampTz,
        "timestamp without time zone" => NpgsqlDbType.Timestamp,
        _ => null,
    };

    public void Dispose()
    {
    }
}
