using System.Diagnostics;

namespace FluentData.Dialects;

/// <summary>
/// Waits for a lock by trying it every <see cref="PollInterval"/> until a deadline, so waiting
/// can be cancelled and a timeout can say who holds the lock.
/// </summary>
internal static class PollingLock
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    public static T Acquire<T>(Func<T?> tryAcquire, Func<string?> describeHolder, string database, TimeSpan timeout, CancellationToken cancellationToken)
        where T : class
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (tryAcquire() is { } held)
                return held;

            if (timeout != Timeout.InfiniteTimeSpan && clock.Elapsed >= timeout)
            {
                var holder = describeHolder();
                throw new MigrationLockTimeoutException(
                    $"Another migration runner has held the migration lock on {database} for more than {timeout}" +
                    (holder is null ? "" : $" ({holder})") +
                    ". It is probably applying migrations now: wait for it and run again, or give this runner more time with WithLockTimeout(...). " +
                    "Nothing was changed by this runner.")
                {
                    Holder = holder,
                };
            }

            cancellationToken.WaitHandle.WaitOne(PollInterval);
        }
    }
}
