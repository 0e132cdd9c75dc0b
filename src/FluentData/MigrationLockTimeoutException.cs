namespace FluentData;

/// <summary>
/// Another runner held the database's migration lock for longer than the lock timeout. Nothing
/// was read or changed by the runner that gave up.
/// </summary>
public sealed class MigrationLockTimeoutException : DataMigrationException
{
    /// <summary>Creates the exception with a message that names the holder when the database can say.</summary>
    public MigrationLockTimeoutException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with no details; prefer the other constructors.</summary>
    public MigrationLockTimeoutException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public MigrationLockTimeoutException(string message)
        : base(message)
    {
    }

    /// <summary>Who holds the lock, as the database describes it, when it can.</summary>
    public string? Holder { get; init; }
}
