namespace FluentData;

/// <summary>
/// An interrupted online migration left checkpoints that no longer fit: the migration's
/// expressions changed since, or the migration is gone. Raised before anything is changed.
/// </summary>
public sealed class CheckpointMismatchException : DataMigrationException
{
    /// <summary>Creates the exception with a message that says what to do.</summary>
    public CheckpointMismatchException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with no details; prefer the other constructors.</summary>
    public CheckpointMismatchException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public CheckpointMismatchException(string message)
        : base(message)
    {
    }
}
