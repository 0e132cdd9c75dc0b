namespace FluentData.Benchmarks;

/// <summary>One way of computing full_name for every row; <see cref="Run"/> returns the rows it covered.</summary>
/// <param name="Name">As printed.</param>
/// <param name="Run">Runs once; returns (rows done, factor to scale its time to the whole table).</param>
internal sealed record Variant(string Name, Func<(long Rows, double Scale)> Run);
