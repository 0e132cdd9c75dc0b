namespace FluentData.Benchmarks;

/// <summary>What the benchmark migrations take from the command line.</summary>
public sealed class BenchSettings
{
    public int? BatchSize { get; init; }

    /// <summary>Whether the copy variants map with SQL columns rather than C#.</summary>
    public bool CopyInSql { get; init; }

    /// <summary>InParallel for the online variants.</summary>
    public int Connections { get; init; } = 1;

    /// <summary>Whether the typed transform names the column it writes (.Columns("full_name")), rather than writing every mapped column a row changed in.</summary>
    public bool TypedColumns { get; init; }

    /// <summary>The CSV file the seed variants read.</summary>
    public string? SeedFile { get; init; }
}
