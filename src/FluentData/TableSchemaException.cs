namespace FluentData;

/// <summary>
/// A transform names a table or column the database does not have, or a table without a usable
/// primary key. Raised before any row is read or written.
/// </summary>
public sealed class TableSchemaException : DataMigrationException
{
    /// <summary>Creates the exception with a message that says what is missing and how to fix it.</summary>
    public TableSchemaException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with no details; prefer the other constructors.</summary>
    public TableSchemaException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public TableSchemaException(string message)
        : base(message)
    {
    }
}
