namespace FluentData;

/// <summary>
/// A <c>Verify</c> check found rows that break it. The migration fails: in a transactional
/// migration nothing it did is committed and its version is not recorded.
/// </summary>
public sealed class VerificationFailedException : DataMigrationException
{
    /// <summary>Creates the exception with a message that names the check, the count and some keys.</summary>
    public VerificationFailedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with no details; prefer the other constructors.</summary>
    public VerificationFailedException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public VerificationFailedException(string message)
        : base(message)
    {
    }

    /// <summary>The check, in words.</summary>
    public string? Check { get; init; }

    /// <summary>How many rows break the check (for a row count check: the difference).</summary>
    public long OffendingRows { get; init; }

    /// <summary>The keys of up to 10 offending rows, in key order.</summary>
    public IReadOnlyList<RowKey> SampleKeys { get; init; } = [];
}
