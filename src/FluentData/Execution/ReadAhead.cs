using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using FluentData.Dialects;

namespace FluentData.Execution;

/// <summary>
/// Reads and maps the next batches (a transform's, a copy's) on a second connection and thread
/// while the migration's connection writes the current one: reading and the user's function then
/// cost no time while the database writes. One batch waits ready at most, so memory stays
/// bounded by the batch size.
/// </summary>
/// <typeparam name="TBatch">A batch as read and mapped.</typeparam>
internal sealed class ReadAhead<TBatch> : IDisposable
{
    private readonly ReadAheadConnection _reader;
    private readonly TBatch _empty;
    private readonly BlockingCollection<TBatch> _ready = new(boundedCapacity: 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;
    private ExceptionDispatchInfo? _failure;

    /// <param name="reader">The connection to read on.</param>
    /// <param name="read">Reads and maps the batch after a key on the given connection.</param>
    /// <param name="after">The last key already read.</param>
    /// <param name="next">The key the batch after a batch starts after; null when it was the last.</param>
    /// <param name="empty">What <see cref="Next"/> returns after the last batch.</param>
    public ReadAhead(ReadAheadConnection reader, Func<ReadAheadConnection, object?[], TBatch> read, object?[] after, Func<TBatch, object?[]?> next, TBatch empty)
    {
        _reader = reader;
        _empty = empty;
        // A thread of its own: it blocks on the database and on the queue for the whole run,
        // which would hold a pool thread that a host (RunAtStartup) may need.
        _reading = Task.Factory.StartNew(() => ReadAll(read, after, next), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private void ReadAll(Func<ReadAheadConnection, object?[], TBatch> read, object?[] after, Func<TBatch, object?[]?> next)
    {
        try
        {
            while (true)
            {
                var batch = read(_reader, after);
                _ready.Add(batch, _stop.Token);
                if (next(batch) is not { } key)
                    break;
                after = key;
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _failure = ExceptionDispatchInfo.Capture(e);
        }
        finally
        {
            _ready.CompleteAdding();
        }
    }

    /// <summary>The next batch, waiting for it if need be; empty after the last one. A failed read or function throws here, as it would have in place.</summary>
    public TBatch Next()
    {
        if (_ready.TryTake(out var batch, Timeout.Infinite))
            return batch;
        _failure?.Throw();
        return _empty;
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            // At most the read in flight: one batch.
            _reading.Wait();
        }
        finally
        {
            _reader.Dispose();
            _ready.Dispose();
            _stop.Dispose();
        }
    }
}
