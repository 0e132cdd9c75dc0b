using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using FluentData.Dialects;

namespace FluentData.Execution;

/// <summary>
/// Reads and transforms the next batches on a second connection and thread while the
/// migration's connection writes the current one: reading and the user's function then cost
/// the transform no time while the database writes. One batch waits ready at most, so memory
/// stays bounded by the batch size.
/// </summary>
internal sealed class ReadAhead : IDisposable
{
    private readonly ReadAheadConnection _reader;
    private readonly BlockingCollection<RowBatch> _ready = new(boundedCapacity: 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;
    private ExceptionDispatchInfo? _failure;

    /// <param name="reader">The connection to read on.</param>
    /// <param name="read">Reads and transforms the batch after a key on the given connection.</param>
    /// <param name="after">The last key already read.</param>
    /// <param name="batchSize">A shorter batch is the last one.</param>
    public ReadAhead(ReadAheadConnection reader, Func<ReadAheadConnection, object?[], RowBatch> read, object?[] after, int batchSize)
    {
        _reader = reader;
        // A thread of its own: it blocks on the database and on the queue for the whole transform,
        // which would hold a pool thread that a host (RunAtStartup) may need.
        _reading = Task.Factory.StartNew(() => ReadAll(read, after, batchSize), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private void ReadAll(Func<ReadAheadConnection, object?[], RowBatch> read, object?[] after, int batchSize)
    {
        try
        {
            while (true)
            {
                var batch = read(_reader, after);
                _ready.Add(batch, _stop.Token);
                if (batch.ReadCount < batchSize)
                    break;
                after = batch.LastReadKey!;
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
    public RowBatch Next()
    {
        if (_ready.TryTake(out var batch, Timeout.Infinite))
            return batch;
        _failure?.Throw();
        return RowBatch.Empty;
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
