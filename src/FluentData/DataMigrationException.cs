namespace FluentData;

/// <summary>
/// A data migration could not run. The message says what happened and where; the properties
/// carry the same facts for code that handles the error.
/// </summary>
public class DataMigrationException : Exception
{
    /// <summary>Creates an exception with a message and, optionally, its cause.</summary>
    public DataMigrationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with no details; prefer the other constructors.</summary>
    public DataMigrationException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public DataMigrationException(string message)
        : base(message)
    {
    }

    /// <summary>The migration that failed, when known.</summary>
    public MigrationIdentity? Migration { get; init; }

    /// <summary>The table the failing expression works on, when there is one.</summary>
    public string? Table { get; init; }

    /// <summary>The column involved, when there is one.</summary>
    public string? Column { get; init; }

    /// <summary>The key of the row involved, when there is one.</summary>
    public RowKey? Key { get; init; }
}
