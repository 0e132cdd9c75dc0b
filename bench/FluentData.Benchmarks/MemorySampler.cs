using System.Diagnostics;

namespace FluentData.Benchmarks;

/// <summary>Samples the process's working set every few milliseconds while a variant runs, keeping the peak.</summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly Thread _thread;
    private volatile bool _running = true;
    private long _peak;

    public MemorySampler()
    {
        _thread = new Thread(Sample) { IsBackground = true, Name = "memory sampler" };
        _thread.Start();
    }

    public long Peak => Interlocked.Read(ref _peak);

    private void Sample()
    {
        using var process = Process.GetCurrentProcess();
        while (_running)
        {
            process.Refresh();
            var current = process.WorkingSet64;
            if (current > Interlocked.Read(ref _peak))
                Interlocked.Exchange(ref _peak, current);
            Thread.Sleep(5);
        }
    }

    public void Dispose()
    {
        _running = false;
        _thread.Join();
    }
}
