namespace FluentData;

/// <summary>
/// A value read from a row could not be converted to the type a transform asked for with
/// <see cref="IDataRow.Get{T}(string)"/>.
/// </summary>
public sealed class DataConversionException : DataMigrationException
{
    /// <summary>Creates the exception with the message that names table, column and key.</summary>
    public DataConversionException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with no details; prefer the other constructors.</summary>
    public DataConversionException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public DataConversionException(string message)
        : base(message)
    {
    }

    /// <summary>The type that was asked for.</summary>
    public Type? TargetType { get; init; }
}
