namespace FluentData;

/// <summary>
/// A transform could not be applied to a row: the transform function threw, returned a value the
/// target column cannot hold, or the database refused the write. Nothing the failing migration
/// wrote in its transaction is kept.
/// </summary>
public sealed class TransformFailedException : DataMigrationException
{
    /// <summary>Creates the exception with the message that names migration, table, column and key.</summary>
    public TransformFailedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with no details; prefer the other constructors.</summary>
    public TransformFailedException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public TransformFailedException(string message)
        : base(message)
    {
    }
}
