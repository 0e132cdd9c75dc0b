namespace FluentData.Dialects.Sqlite;

/// <summary>How SQLite converts a value stored in a column, from the column's declared type.</summary>
internal enum SqliteAffinity
{
    /// <summary>Numbers are stored as text.</summary>
    Text,

    /// <summary>Text that looks like a number is stored as a number; whole reals as integers.</summary>
    Numeric,

    /// <summary>As <see cref="Numeric"/>.</summary>
    Integer,

    /// <summary>Integers and numeric text are stored as 8-byte floating point.</summary>
    Real,

    /// <summary>Values are stored as given.</summary>
    Blob,
}
