namespace FluentData.Dialects;

/// <summary>What a column holds, as far as checking a value before it is written goes.</summary>
internal enum ValueKind
{
    /// <summary>No declared type (SQLite BLOB or none): any value is stored as given.</summary>
    Any,

    /// <summary>Whole numbers within the range of <see cref="ColumnSchema.ClrType"/>.</summary>
    Integer,

    /// <summary>Exact decimals, within <see cref="ColumnSchema.Precision"/> and <see cref="ColumnSchema.Scale"/> when set.</summary>
    Decimal,

    /// <summary>Single-precision floating point.</summary>
    Real,

    /// <summary>Double-precision floating point.</summary>
    Double,

    /// <summary>Text.</summary>
    Text,

    /// <summary>True or false.</summary>
    Boolean,

    /// <summary>A calendar date.</summary>
    Date,

    /// <summary>A time of day.</summary>
    Time,

    /// <summary>A date and wall-clock time without a zone: the digits are stored, whatever the DateTime's Kind.</summary>
    Timestamp,

    /// <summary>An instant (PostgreSQL timestamptz): stored as UTC, so the value must say which instant it is.</summary>
    TimestampUtc,

    /// <summary>A date and time with its offset (SQL Server datetimeoffset).</summary>
    TimestampOffset,

    /// <summary>A span of time.</summary>
    Interval,

    /// <summary>A GUID.</summary>
    Uuid,

    /// <summary>Bytes.</summary>
    Bytes,

    /// <summary>A JSON document, written as its text.</summary>
    Json,

    /// <summary>An array of <see cref="ColumnSchema.Element"/>.</summary>
    Array,

    /// <summary>One of <see cref="ColumnSchema.Labels"/>.</summary>
    Enum,

    /// <summary>A type FluentData writes as text for the database to parse (network addresses, ranges, geometry...).</summary>
    Parsed,
}
