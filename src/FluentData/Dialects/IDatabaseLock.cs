namespace FluentData.Dialects;

/// <summary>A lock held by one runner at a time across processes and machines, for one database.</summary>
internal interface IDatabaseLock
{
    /// <summary>Waits for the lock; dispose the result to release it.</summary>
    /// <exception cref="MigrationLockTimeoutException">Another runner held it for longer than <paramref name="timeout"/>.</exception>
    IDisposable Acquire(TimeSpan timeout, CancellationToken cancellationToken);
}
