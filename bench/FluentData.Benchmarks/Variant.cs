namespace FluentData.Benchmarks;

/// <summary>One way of computing full_name for every row; <see cref="Run"/> returns the rows it covered.</summary>
/// <param name="Name">As printed.</param>
/// <param name="Run">Runs once; returns (rows done, factor to scale its time to the whole table, rows it reports changed).</param>
/// <param name="Reset">What full_name holds before each run: NULL everywhere by default, so every row changes.</param>
/// <param name="Baseline">The variant its time is compared with.</param>
/// <param name="Deletes">Whether it deletes every second person rather than computing full_name.</param>
/// <param name="Copies">Whether it inserts every person's full name into people_copy rather than computing full_name.</param>
internal sealed record Variant(string Name, Func<(long Rows, double Scale, long Changed)> Run, string Reset = Variant.AllNull, string Baseline = "single UPDATE", bool Deletes = false, bool Copies = false)
{
    /// <summary>Every second person a delete variant removed comes back, as it was, from the copy taken when the table was built.</summary>
    public const string HalfBack = "INSERT INTO people SELECT * FROM people_even WHERE true ON CONFLICT DO NOTHING";

    /// <summary>For the delete variants, whose rows' full_name does not matter.</summary>
    public const string Nothing = "SELECT 1";

    public const string AllNull = "UPDATE people SET full_name = NULL";

    /// <summary>Every row already holds its full name but every 100th: a transform that changes 1% of the rows.</summary>
    public const string OnePercentNull = "UPDATE people SET full_name = CASE WHEN id % 100 = 0 THEN NULL ELSE first_name || ' ' || last_name END";
}
