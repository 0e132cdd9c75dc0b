using System.Data;
using System.Data.SqlTypes;
using FluentData.Dialects;
using FluentData.Execution;

namespace FluentData.SqlServer;

/// <summary>
/// How each SQL Server type is checked before a write: nvarchar counts UTF-16 units, varchar
/// bytes (ASCII unless its collation is UTF-8), datetime keeps 1/300 s, float has no NaN.
/// </summary>
internal static class SqlServerTypes
{
    public static ColumnSchema Describe(CatalogColumn column, Type? clrType)
    {
        var type = column.BaseType;
        var utf8 = column.Collation?.EndsWith("_UTF8", StringComparison.OrdinalIgnoreCase) == true;
        return new ColumnSchema(column.Name, type, clrType ?? typeof(string), column.Nullable, column.MaxLength, column.KeyPosition is not null)
        {
            SqlType = column.FullType,
            Kind = KindOf(type),
            KeyPosition = column.KeyPosition,
            Precision = type is "datetime2" or "datetimeoffset" or "time" or "decimal" or "numeric" ? column.Precision : null,
            Scale = type is "money" or "smallmoney" ? 4 : column.Scale,
            TextLength = type switch
            {
                "nvarchar" or "nchar" or "ntext" => TextLength.Utf16Units,
                _ when utf8 => TextLength.Utf8Bytes,
                _ => TextLength.SingleByte,
            },
            IsPadded = type is "char" or "nchar",
        };
    }

    private static ValueKind KindOf(string type) => type switch
    {
        "bigint" or "int" or "smallint" or "tinyint" => ValueKind.Integer,
        "decimal" or "numeric" or "money" or "smallmoney" => ValueKind.Decimal,
        "float" => ValueKind.Double,
        "real" => ValueKind.Real,
        "nvarchar" or "nchar" or "ntext" or "varchar" or "char" or "text" => ValueKind.Text,
        "bit" => ValueKind.Boolean,
        "date" => ValueKind.Date,
        "time" => ValueKind.Time,
        "datetime2" or "datetime" or "smalldatetime" => ValueKind.Timestamp,
        "datetimeoffset" => ValueKind.TimestampOffset,
        "uniqueidentifier" => ValueKind.Uuid,
        "varbinary" or "binary" or "image" => ValueKind.Bytes,
        _ => ValueKind.Parsed,
    };

    public static string? Check(ColumnSchema column, ref object? value)
    {
        if (value is double d && (double.IsNaN(d) || double.IsInfinity(d)) || value is float f && (float.IsNaN(f) || float.IsInfinity(f)))
            return "SQL Server's float and real hold no NaN or infinity";

        var problem = ColumnValueCoercion.TryCoerce(column, ref value);
        if (problem is not null || value is not DateTime time)
            return problem;

        return column.DataType switch
        {
            "datetime" => Fits(time, t => new SqlDateTime(t).Value, "datetime keeps 1/300 of a second between 1753 and 9999; use datetime2, or round the value"),
            "smalldatetime" => time.Year is < 1900 or > 2079 || time.Ticks % TimeSpan.TicksPerMinute != 0
                ? "smalldatetime keeps whole minutes between 1900 and 2079; round the value"
                : null,
            _ => null,
        };
    }

    private static string? Fits(DateTime time, Func<DateTime, DateTime> stored, string problem)
    {
        try
        {
            return stored(time) == time ? null : problem;
        }
        catch (SqlTypeException)
        {
            return problem;
        }
    }

    /// <summary>The parameter type a column's values are sent as, so a NULL or a key compares in the column's type.</summary>
    public static DbType? DbTypeOf(ColumnSchema column) => column.Kind switch
    {
        ValueKind.Text => column.TextLength == TextLength.Utf16Units ? DbType.String : DbType.AnsiString,
        ValueKind.Integer when column.ClrType == typeof(long) => DbType.Int64,
        ValueKind.Integer when column.ClrType == typeof(int) => DbType.Int32,
        ValueKind.Integer when column.ClrType == typeof(short) => DbType.Int16,
        ValueKind.Integer when column.ClrType == typeof(byte) => DbType.Byte,
        ValueKind.Boolean => DbType.Boolean,
        ValueKind.Decimal => DbType.Decimal,
        ValueKind.Double => DbType.Double,
        ValueKind.Real => DbType.Single,
        ValueKind.Uuid => DbType.Guid,
        ValueKind.Date => DbType.Date,
        ValueKind.Time => DbType.Time,
        ValueKind.Timestamp => column.DataType == "datetime2" ? DbType.DateTime2 : DbType.DateTime,
        ValueKind.TimestampOffset => DbType.DateTimeOffset,
        ValueKind.Bytes => DbType.Binary,
        _ => null,
    };
}
