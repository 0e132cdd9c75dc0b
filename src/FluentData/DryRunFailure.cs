namespace FluentData;

/// <summary>The failure that ended a dry run: where it happened, and the message a real run would throw.</summary>
/// <param name="Migration">The migration that failed, when known.</param>
/// <param name="Table">The table involved, when there is one.</param>
/// <param name="Column">The column involved, when there is one.</param>
/// <param name="Key">The row involved, when there is one.</param>
/// <param name="Message">The error's message.</param>
/// <param name="Exception">The error itself.</param>
public sealed record DryRunFailure(MigrationIdentity? Migration, string? Table, string? Column, RowKey? Key, string Message, Exception Exception)
{
    /// <summary>The error's message.</summary>
    public override string ToString() => Message;
}
