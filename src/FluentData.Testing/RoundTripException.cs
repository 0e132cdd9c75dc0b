namespace FluentData.Testing;

/// <summary>Up, then Down, then Up again did not leave the data as it was: a <c>Down()</c> or a <c>Reverse(...)</c> loses something.</summary>
public sealed class RoundTripException : DataMigrationException
{
    /// <summary>Creates the exception with a message that names the first difference.</summary>
    public RoundTripException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with no details; prefer the other constructors.</summary>
    public RoundTripException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public RoundTripException(string message)
        : base(message)
    {
    }
}
