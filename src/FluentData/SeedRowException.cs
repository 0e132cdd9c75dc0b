namespace FluentData;

/// <summary>
/// A seed row cannot be written: a value its column cannot hold, a key given twice or missing, a
/// line of a file that cannot be read. Nothing of the seed was written.
/// </summary>
public sealed class SeedRowException : DataMigrationException
{
    /// <summary>Creates an exception with a message and, optionally, its cause.</summary>
    public SeedRowException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with no details; prefer the other constructors.</summary>
    public SeedRowException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public SeedRowException(string message)
        : base(message)
    {
    }

    /// <summary>Where the rows came from: the seed file as the migration names it, or "C# rows".</summary>
    public string? SeedSource { get; init; }

    /// <summary>
    /// The line of the file the row starts on (in a JSON file, the line of the value at fault), or
    /// the row's number (from 1) among the C# rows; null when no one row is at fault.
    /// </summary>
    public long? Line { get; init; }
}
