using System.Data.Common;
using FluentData.Dialects;
using Npgsql;
using NpgsqlTypes;

namespace FluentData.Postgres;

/// <summary>
/// Inserts a batch with PostgreSQL's binary <c>COPY ... FROM STDIN</c>, its fastest way in (rows
/// are written to the table in bulk), each value encoded as its column's own type — where every
/// column has a type whose binary form Npgsql writes exactly and the table has neither an INSERT
/// rule (COPY ignores rules) nor row-level security (COPY refuses it). Otherwise one
/// <c>INSERT ... SELECT FROM unnest(...)</c>, one typed array per column.
/// </summary>
internal sealed class PostgresRowInserter(PostgresDialect dialect, TableName table, IReadOnlyList<ColumnSchema> columns) : IRowInserter
{
    private readonly NpgsqlDbType[]? _copyTypes = columns.All(c => !PostgresTypes.SentAsText(c) && CopyType(c) is not null)
        ? columns.Select(c => CopyType(c)!.Value).ToArray()
        : null;

    private bool? _copies;

    public int Insert(DbConnection connection, DbTransaction? transaction, object?[][] values, int count)
    {
        var npgsql = (NpgsqlConnection)connection;
        _copies ??= _copyTypes is not null && AllowsCopy(npgsql, (NpgsqlTransaction?)transaction);
        return _copies.Value ? Copy(npgsql, values, count) : InsertArrays(npgsql, (NpgsqlTransaction?)transaction, values, count);
    }

    private int Copy(NpgsqlConnection connection, object?[][] values, int count)
    {
        using var importer = connection.BeginBinaryImport(dialect.BuildCopyIn(table, columns));
        for (var row = 0; row < count; row++)
        {
            importer.StartRow();
            for (var column = 0; column < columns.Count; column++)
            {
                if (values[column][row] is { } value)
                    importer.Write(value, _copyTypes![column]);
                else
                    importer.WriteNull();
            }
        }

        return checked((int)importer.Complete());
    }

    private readonly TypeModifierGuard _modifiers = new(columns);
    private readonly string _insertSql = dialect.BuildInsertFromArrays(table, columns);

    private int InsertArrays(NpgsqlConnection connection, NpgsqlTransaction? transaction, object?[][] values, int count)
    {
        var arrays = columns.Select((column, i) => PostgresArrays.Parameter($"c{i}", values[i], count, column, nullable: true)).ToArray();
        _modifiers.Check(connection, transaction, arrays, row => $"row {row + 1} of the batch's {count}");
        using var command = new NpgsqlCommand(_insertSql, connection, transaction);
        command.Parameters.AddRange(arrays);
        return command.ExecuteNonQuery();
    }

    private bool AllowsCopy(NpgsqlConnection connection, NpgsqlTransaction? transaction)
    {
        using var command = new NpgsqlCommand(PostgresDialect.AllowsCopyQuery, connection, transaction);
        command.Parameters.AddWithValue("table", dialect.QuoteTable(table));
        return command.ExecuteScalar() is true;
    }

    /// <summary>The types COPY takes from the values FluentData checked for the column, as a typed parameter would send them; null for the others.</summary>
    private static NpgsqlDbType? CopyType(ColumnSchema column) => column.DataType switch
    {
        "bigint" => NpgsqlDbType.Bigint,
        "integer" => NpgsqlDbType.Integer,
        "smallint" => NpgsqlDbType.Smallint,
        "numeric" => NpgsqlDbType.Numeric,
        "real" => NpgsqlDbType.Real,
        "double precision" => NpgsqlDbType.Double,
        "text" => NpgsqlDbType.Text,
        "character varying" => NpgsqlDbType.Varchar,
        "character" => NpgsqlDbType.Char,
        "boolean" => NpgsqlDbType.Boolean,
        "date" => NpgsqlDbType.Date,
        "timestamp without time zone" => NpgsqlDbType.Timestamp,
        "timestamp with time zone" => NpgsqlDbType.TimestampTz,
        "uuid" => NpgsqlDbType.Uuid,
        "bytea" => NpgsqlDbType.Bytea,
        "json" => NpgsqlDbType.Json,
        "jsonb" => NpgsqlDbType.Jsonb,
        _ => null,
    };

    public void Dispose()
    {
    }
}
