namespace FluentData.Dialects;

/// <summary>
/// A column as the database describes it, with what FluentData needs to write it faithfully.
/// </summary>
/// <param name="Name">The name as stored in the catalog (its exact case).</param>
/// <param name="DataType">The database's type name without length or precision, e.g. <c>character varying</c>; for messages and choices.</param>
/// <param name="ClrType">The .NET type values are converted to before they are written; <see cref="object"/> when any value goes.</param>
/// <param name="IsNullable">Whether the column accepts NULL.</param>
/// <param name="MaxLength">The maximum length of a text (or binary) column, when it has one, in <see cref="TextLength"/> units.</param>
/// <param name="IsKey">Whether the column is part of the key rows are read by (the primary key, or else a unique index).</param>
/// <param name="ReadAsText">Whether the value is read (and written) as the database's own text: types the driver cannot map exactly.</param>
internal sealed record ColumnSchema(string Name, string DataType, Type ClrType, bool IsNullable, int? MaxLength, bool IsKey, bool ReadAsText = false)
{
    /// <summary>The full type, with length, precision or modifiers, as a cast needs it: <c>character(3)</c>, <c>numeric(12,3)</c>.</summary>
    public string SqlType { get; init; } = DataType;

    /// <summary>What kind of value the column holds, which decides how a value is checked before it is written.</summary>
    public ValueKind Kind { get; init; } = ValueKind.Any;

    /// <summary>The column's position in the key (1 for the first key column); null when not a key column.</summary>
    public int? KeyPosition { get; init; }

    /// <summary>
    /// Whether this key column is read, kept and compared as the database's own text: its .NET type
    /// cannot hold every value exactly (PostgreSQL dates and timestamps read infinity as
    /// DateTime.MinValue/MaxValue, numerics may exceed decimal), and a key must come back exactly.
    /// </summary>
    public bool KeyAsText { get; init; }

    /// <summary>Total digits of a decimal column, or fractional-second digits of a time column.</summary>
    public int? Precision { get; init; }

    /// <summary>Digits after the decimal point of a decimal column.</summary>
    public int? Scale { get; init; }

    /// <summary>How the database counts <see cref="MaxLength"/> of text.</summary>
    public TextLength TextLength { get; init; } = TextLength.CodePoints;

    /// <summary>Whether a shorter text is padded with spaces to <see cref="MaxLength"/> (SQL <c>char(n)</c>).</summary>
    public bool IsPadded { get; init; }

    /// <summary>The element of an array column.</summary>
    public ColumnSchema? Element { get; init; }

    /// <summary>The values an enum column accepts, in order.</summary>
    public IReadOnlyList<string>? Labels { get; init; }

    /// <summary>
    /// A value the column already holds, for a database that stores one type in several ways
    /// (SQLite dates as text or numbers, GUIDs as text or bytes): new values are written the same way.
    /// </summary>
    public object? Sample { get; init; }

    /// <summary>Whether the database computes the value itself (a generated or identity column): no transform can write it.</summary>
    public bool IsGenerated { get; init; }

    /// <summary>
    /// Whether the database holds every value of the column in its declared type. False where it
    /// does not enforce it (most SQLite columns: an INTEGER column may hold text).
    /// </summary>
    public bool TypeEnforced { get; init; } = true;
}
