using System.Collections;
using System.Globalization;
using System.Net;
using System.Text;
using FluentData.Dialects;
using FluentData.Execution;

namespace FluentData.Postgres;

/// <summary>
/// How each PostgreSQL type is read and written. Types Npgsql maps to .NET exactly are read as
/// that type and sent in binary; types it maps lossily or not at all (intervals with months,
/// inet with its netmask, enums, ranges, geometry...) are read as PostgreSQL's own text and
/// written as text the database parses into the column's type, so nothing changes on the way.
/// </summary>
internal static class PostgresTypes
{
    public static ColumnSchema Describe(CatalogColumn column, Type? clrType)
    {
        var kind = KindOf(column.BaseType, column.Element, column.Labels);
        var element = column.Element is { } elementType ? ElementOf(elementType) : null;
        if (kind == ValueKind.Array && element is null)
            kind = ValueKind.Parsed;

        if (kind == ValueKind.Array && column.KeyPosition is not null)
            kind = ValueKind.Parsed;

        var readAsText = clrType is null || kind is ValueKind.Interval or ValueKind.Enum or ValueKind.Parsed;
        return new ColumnSchema(column.Name, column.BaseType, readAsText ? typeof(string) : clrType!, column.Nullable, column.MaxLength,
            column.KeyPosition is not null, readAsText)
        {
            SqlType = column.FullType,
            Kind = kind,
            KeyPosition = column.KeyPosition,
            Precision = kind is ValueKind.Timestamp or ValueKind.TimestampUtc or ValueKind.Time ? column.Precision ?? 6 : column.Precision,
            Scale = column.BaseType == "money" ? 2 : column.Scale,
            IsPadded = column.BaseType == "character",
            KeyAsText = column.KeyPosition is not null && !readAsText
                && kind is ValueKind.Date or ValueKind.Time or ValueKind.Timestamp or ValueKind.TimestampUtc or ValueKind.Decimal,
            Element = element,
            Labels = column.Labels,
        };
    }

    private static ValueKind KindOf(string type, string? element, IReadOnlyList<string>? labels) => type switch
    {
        "smallint" or "integer" or "bigint" => ValueKind.Integer,
        "numeric" or "money" => ValueKind.Decimal,
        "real" => ValueKind.Real,
        "double precision" => ValueKind.Double,
        "text" or "character varying" or "character" or "citext" or "name" => ValueKind.Text,
        "boolean" => ValueKind.Boolean,
        "date" => ValueKind.Date,
        "time without time zone" => ValueKind.Time,
        "timestamp without time zone" => ValueKind.Timestamp,
        "timestamp with time zone" => ValueKind.TimestampUtc,
        "interval" => ValueKind.Interval,
        "uuid" => ValueKind.Uuid,
        "bytea" => ValueKind.Bytes,
        "json" or "jsonb" => ValueKind.Json,
        _ when labels is not null => ValueKind.Enum,
        _ when element is not null => ValueKind.Array,
        _ => ValueKind.Parsed,
    };

    /// <summary>Arrays of these element types are read as .NET arrays and written as array literals; others as text.</summary>
    private static ColumnSchema? ElementOf(string elementType)
    {
        var (kind, clr) = elementType switch
        {
            "smallint" => (ValueKind.Integer, typeof(short)),
            "integer" => (ValueKind.Integer, typeof(int)),
            "bigint" => (ValueKind.Integer, typeof(long)),
            "numeric" => (ValueKind.Decimal, typeof(decimal)),
            "real" => (ValueKind.Real, typeof(float)),
            "double precision" => (ValueKind.Double, typeof(double)),
            "text" or "character varying" or "citext" => (ValueKind.Text, typeof(string)),
            "boolean" => (ValueKind.Boolean, typeof(bool)),
            "uuid" => (ValueKind.Uuid, typeof(Guid)),
            _ => (ValueKind.Any, typeof(object)),
        };
        return kind == ValueKind.Any ? null : new ColumnSchema("element", elementType, clr, IsNullable: true, MaxLength: null, IsKey: false) { Kind = kind };
    }

    /// <summary>An array whose elements may be NULL, read as an array of nullable elements (Npgsql's default refuses them).</summary>
    public static object Read(System.Data.Common.DbDataReader reader, int ordinal, ColumnSchema column) => column.ReadAsText ? reader.GetValue(ordinal) : column.Element?.ClrType switch
    {
        { } t when t == typeof(short) => reader.GetFieldValue<short?[]>(ordinal),
        { } t when t == typeof(int) => reader.GetFieldValue<int?[]>(ordinal),
        { } t when t == typeof(long) => reader.GetFieldValue<long?[]>(ordinal),
        { } t when t == typeof(decimal) => reader.GetFieldValue<decimal?[]>(ordinal),
        { } t when t == typeof(float) => reader.GetFieldValue<float?[]>(ordinal),
        { } t when t == typeof(double) => reader.GetFieldValue<double?[]>(ordinal),
        { } t when t == typeof(bool) => reader.GetFieldValue<bool?[]>(ordinal),
        { } t when t == typeof(Guid) => reader.GetFieldValue<Guid?[]>(ordinal),
        _ => reader.GetValue(ordinal),
    };

    /// <summary>Whether a column's values travel as text for PostgreSQL to parse into its type.</summary>
    public static bool SentAsText(ColumnSchema column) =>
        column.ReadAsText || column.KeyAsText || column.Kind is ValueKind.Array or ValueKind.Enum or ValueKind.Interval or ValueKind.Parsed;

    /// <summary>Checks a value against a PostgreSQL column and converts it to what Npgsql sends.</summary>
    public static string? Check(ColumnSchema column, ref object? value)
    {
        if (value is null or DBNull)
            return ColumnValueCoercion.TryCoerce(column, ref value);

        switch (column.Kind)
        {
            case ValueKind.Text or ValueKind.Json when value is string text && text.Contains('\0', StringComparison.Ordinal):
                return "it contains the character U+0000, which PostgreSQL text cannot hold";
            case ValueKind.Enum:
                if (value is Enum member)
                    value = member.ToString();
                return value is string label && column.Labels!.Contains(label, StringComparer.Ordinal)
                    ? null
                    : $"the enum type {column.SqlType} has the values {string.Join(", ", column.Labels!.Select(l => $"'{l}'"))}";
            case ValueKind.Date or ValueKind.Timestamp or ValueKind.TimestampUtc when IsInfinity(value):
                return $"Npgsql writes {ValueConversion.Describe(value)} as {(IsMinimum(value) ? "-infinity" : "infinity")}, and reads both that and the date itself as it, " +
                       "so FluentData cannot write it exactly; write this column in SQL (UsingSql(...) in a transform, Columns(...) in a copy), or leave such rows out with Where(...)";
            case ValueKind.Interval:
                return Interval(ref value);
            case ValueKind.Array:
                return Array(column, ref value);
            case ValueKind.Parsed:
                if (value is IPAddress address)
                    value = address.ToString();
                return value is string
                    ? null
                    : $"the column's type {column.SqlType} is written as text PostgreSQL parses; return a string in its input format";
        }

        return ColumnValueCoercion.TryCoerce(column, ref value);
    }

    private static bool IsInfinity(object value) => IsMinimum(value) || value is DateTime t && t == DateTime.MaxValue || value is DateOnly d && d == DateOnly.MaxValue
        || value is DateTimeOffset o && o == DateTimeOffset.MaxValue;

    private static bool IsMinimum(object value) => value is DateTime t && t == DateTime.MinValue || value is DateOnly d && d == DateOnly.MinValue
        || value is DateTimeOffset o && o == DateTimeOffset.MinValue;

    /// <summary>A TimeSpan as interval input, exact to the microsecond; text as written (PostgreSQL parses it).</summary>
    private static string? Interval(ref object? value)
    {
        if (value is string)
            return null;
        if (value is not TimeSpan span)
            return $"an interval column takes a TimeSpan or interval text, and {value!.GetType().Name} is neither";
        if (span.Ticks % 10 != 0)
            return "it has a fraction of a microsecond, and PostgreSQL keeps intervals to the microsecond";

        var sign = span < TimeSpan.Zero ? "-" : "";
        var magnitude = span.Duration();
        value = string.Create(CultureInfo.InvariantCulture,
            $"{sign}{magnitude.Days} days {sign}{(int)magnitude.Hours:00}:{magnitude.Minutes:00}:{magnitude.Seconds:00}.{magnitude.Ticks % TimeSpan.TicksPerSecond / 10:000000}");
        return null;
    }

    /// <summary>An array as PostgreSQL's array literal (nested braces for several dimensions), every element checked against the element type and quoted.</summary>
    private static string? Array(ColumnSchema column, ref object? value)
    {
        if (value is string)
            return null;
        if (value is not IEnumerable || value is byte[])
            return $"the column holds {column.SqlType} and {value!.GetType().Name} is not an array or list";

        var literal = new StringBuilder();
        var problem = value is System.Array { Rank: > 1 } grid
            ? Dimension(column, grid, 0, new int[grid.Rank], literal)
            : Elements(column, ((IEnumerable)value).Cast<object?>(), literal);
        if (problem is not null)
            return problem;
        value = literal.ToString();
        return null;
    }

    private static string? Dimension(ColumnSchema column, System.Array grid, int dimension, int[] index, StringBuilder literal)
    {
        if (dimension == grid.Rank - 1)
        {
            var items = Enumerable.Range(grid.GetLowerBound(dimension), grid.GetLength(dimension)).Select(i =>
            {
                index[dimension] = i;
                return grid.GetValue(index);
            }).ToList();
            return Elements(column, items, literal);
        }

        literal.Append('{');
        for (var i = 0; i < grid.GetLength(dimension); i++)
        {
            if (i > 0)
                literal.Append(',');
            index[dimension] = grid.GetLowerBound(dimension) + i;
            if (Dimension(column, grid, dimension + 1, index, literal) is { } problem)
                return problem;
        }

        literal.Append('}');
        return null;
    }

    private static string? Elements(ColumnSchema column, IEnumerable<object?> items, StringBuilder literal)
    {
        literal.Append('{');
        var index = 0;
        foreach (var item in items)
        {
            if (index++ > 0)
                literal.Append(',');
            var element = item;
            if (ColumnValueCoercion.TryCoerce(column.Element!, ref element) is { } problem)
                return $"element {index - 1} ({ValueConversion.Describe(item)}) does not fit {column.Element!.DataType}: {problem}";
            if (element is null)
            {
                literal.Append("NULL");
                continue;
            }

            literal.Append('"');
            foreach (var c in ElementText(element))
            {
                if (c is '"' or '\\')
                    literal.Append('\\');
                literal.Append(c);
            }

            literal.Append('"');
        }

        literal.Append('}');
        return null;
    }

    private static string ElementText(object element) => element switch
    {
        string s => s,
        bool b => b ? "t" : "f",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => element.ToString() ?? "",
    };
}
