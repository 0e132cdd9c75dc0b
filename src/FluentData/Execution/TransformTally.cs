namespace FluentData.Execution;

/// <summary>
/// What a transform did to the rows it read, counted as it goes: rows read, rows whose value
/// changed, rows redone because another session changed them in between, values that became
/// NULL, and (in a dry run) the first few changes. One per batch, added up by the run.
/// </summary>
internal sealed class TransformTally(int targets, bool sampling = false)
{
    public const int SampleSize = 3;

    public long Read { get; set; }

    public long Changed { get; set; }

    public long Redone { get; set; }

    /// <summary>Per target, values that were not NULL and became NULL.</summary>
    public long[] BecameNull { get; } = new long[targets];

    /// <summary>The first changes, when sampling (a dry run).</summary>
    public List<DryRunSample>? Samples { get; } = sampling ? [] : null;

    public bool WantsSample => Samples is { Count: < SampleSize };

    /// <summary>A copy, to go back to with <see cref="Set"/>.</summary>
    public TransformTally Copy()
    {
        var copy = new TransformTally(BecameNull.Length, Samples is not null);
        copy.Set(this);
        return copy;
    }

    /// <summary>Makes this tally what <paramref name="other"/> counted.</summary>
    public void Set(TransformTally other)
    {
        (Read, Changed, Redone) = (other.Read, other.Changed, other.Redone);
        other.BecameNull.CopyTo(BecameNull, 0);
        Samples?.Clear();
        Samples?.AddRange(other.Samples ?? []);
    }

    public void Add(TransformTally other)
    {
        Read += other.Read;
        Changed += other.Changed;
        Redone += other.Redone;
        for (var i = 0; i < BecameNull.Length; i++)
            BecameNull[i] += other.BecameNull[i];
        if (Samples is not null && other.Samples is not null)
            Samples.AddRange(other.Samples.Take(SampleSize - Samples.Count));
    }
}
