using FluentData.Dialects;
using Npgsql;
using NpgsqlTypes;

namespace FluentData.Postgres;

/// <summary>A column's values of one batch as one array parameter, for the statements that take a batch as <c>unnest(...)</c>.</summary>
internal static class PostgresArrays
{
    /// <summary>
    /// A typed array (e.g. <c>long?[]</c>) so Npgsql sends it in binary with the right element
    /// type; values PostgreSQL parses itself travel as text and are cast to the column's type.
    /// </summary>
    public static NpgsqlParameter Parameter(string name, object?[] values, int count, ColumnSchema column, bool nullable)
    {
        Array array;
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
            array = Array.CreateInstance(elementType, count);
            Array.Copy(values, array, count);
        }

        var parameter = new NpgsqlParameter(name, array);
        if (!asText && DateTimeType(column) is { } dateTimeType)
            parameter.NpgsqlDbType = NpgsqlDbType.Array | dateTimeType;
        return parameter;
    }

    /// <summary>The array's type in SQL: the column's own, or text for values PostgreSQL parses itself.</summary>
    public static string SqlType(ColumnSchema column) => PostgresTypes.SentAsText(column) ? "text[]" : $"{column.SqlType}[]";

    /// <summary>An element of an array of <see cref="SqlType"/> as the column's type.</summary>
    public static string Element(ColumnSchema column, string element) => PostgresTypes.SentAsText(column) ? $"{element}::{column.SqlType}" : element;

    /// <summary>A DateTime array's element type cannot be told from its values when they are all NULL; the column says.</summary>
    private static NpgsqlDbType? DateTimeType(ColumnSchema column) => column.Kind switch
    {
        ValueKind.TimestampUtc => NpgsqlDbType.TimestampTz,
        ValueKind.Timestamp => NpgsqlDbType.Timestamp,
        _ => null,
    };
}
