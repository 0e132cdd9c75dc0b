namespace FluentData.Dialects;

/// <summary>How a database counts the length of text against a column's limit.</summary>
internal enum TextLength
{
    /// <summary>Characters as Unicode code points: a surrogate pair is one (PostgreSQL, SQLite).</summary>
    CodePoints,

    /// <summary>UTF-16 code units: a surrogate pair is two (SQL Server nvarchar).</summary>
    Utf16Units,

    /// <summary>Bytes of the UTF-8 encoding (SQL Server varchar under a UTF-8 collation).</summary>
    Utf8Bytes,

    /// <summary>One byte per character, and only characters of a single-byte code page (SQL Server varchar): FluentData allows ASCII.</summary>
    SingleByte,
}
