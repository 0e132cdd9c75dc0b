namespace FluentData;

/// <summary>How far one transform (or purge, or copy: see <see cref="Kind"/>) has got; reported after every batch.</summary>
/// <param name="Migration">The migration that declared the transform.</param>
/// <param name="Table">The table, as named in the migration (a copy's source).</param>
/// <param name="Columns">The target columns (a copy's SQL columns; none for a purge or a copy mapped in C#).</param>
/// <param name="RowsDone">Rows read and transformed so far (including those of an interrupted run it resumed).</param>
/// <param name="RowsChanged">Rows among them whose value changed and was written.</param>
/// <param name="RowsExpected">Rows the transform is expected to read, when known.</param>
/// <param name="ExpectedIsEstimate">Whether <paramref name="RowsExpected"/> is the database's estimate rather than a count.</param>
/// <param name="Elapsed">Time since this run of the transform started.</param>
/// <param name="RowsPerSecond">Rows transformed per second in this run.</param>
/// <param name="Completed">Whether this is the final report of the transform.</param>
/// <param name="RowsRedone">Rows of this run read and transformed again because another session changed them between the transform's read and its write (a row changed again under its second try counts again).</param>
public sealed record TransformProgress(
    MigrationIdentity Migration,
    string Table,
    IReadOnlyList<string> Columns,
    long RowsDone,
    long RowsChanged,
    long? RowsExpected,
    bool ExpectedIsEstimate,
    TimeSpan Elapsed,
    double RowsPerSecond,
    bool Completed,
    long RowsRedone = 0)
{
    /// <summary>
    /// What is reported, as a plan names it: "transform"; "purge", whose rows done and changed are
    /// rows deleted; or "copy", whose rows done are source rows read and rows changed target rows inserted.
    /// </summary>
    public string Kind { get; init; } = "transform";

    /// <summary>Time left at the current rate, when the expected row count is known.</summary>
    public TimeSpan? Eta =>
        RowsExpected is { } expected && RowsPerSecond > 0
            ? TimeSpan.FromSeconds(Math.Max(0, expected - RowsDone) / RowsPerSecond)
            : null;

    /// <summary>One line: table, columns, rows read, changed and redone (deleted, or inserted), rate.</summary>
    public override string ToString()
    {
        var of = $"{RowsDone} of {(RowsExpected is { } expected ? expected.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?")}";
        return Kind switch
        {
            "purge" => $"{Migration}: '{Table}': {of} rows deleted, {RowsPerSecond:F0} rows/s",
            "copy" => $"{Migration}: copy of '{Table}': {of} rows read, {RowsChanged} inserted, {RowsPerSecond:F0} rows/s",
            _ => $"{Migration}: '{Table}'.({string.Join(", ", Columns)}): {of} rows read, {RowsChanged} changed{(RowsRedone > 0 ? $", {RowsRedone} redone" : "")}, {RowsPerSecond:F0} rows/s",
        };
    }

    /// <summary>Fraction done between 0 and 1, when the expected row count is known.</summary>
    public double? Fraction =>
        RowsExpected is { } expected && expected > 0 ? Math.Min(1.0, (double)RowsDone / expected) : null;
}
