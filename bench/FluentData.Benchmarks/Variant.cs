namespace FluentData.Benchmarks;

/// <summary>One way of computing full_name for every row; <see cref="Run"/> returns the rows it covered.</summary>
/// <param name="Name">As printed.</param>
/// <param name="Run">Runs once; returns (rows done, factor to scale its time to the whole table, rows it reports changed).</param>
/// <param name="Reset">What full_name holds before each run: NULL everywhere by default, so every row changes.</param>
internal sealed record Variant(string Name, Func<(long Rows, double Scale, long Changed)> Run, string Reset = Variant.AllNull)
{
    public const string AllNull = "UPDATE people SET full_name = NULL";

    /// <summary>Every row already holds its full name but every 100th: a transform that changes 1% of the rows.</summary>
    public const string OnePercentNull = "UPDATE people SET full_name = CASE WHEN id % 100 = 0 THEN NULL ELSE first_name || ' ' || last_name END";
}
