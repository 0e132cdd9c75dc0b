namespace FluentData.Benchmarks;

/// <summary>What the benchmark migrations take from the command line.</summary>
public sealed class BenchSettings
{
    public int? BatchSize { get; init; }
}
