namespace FluentData.Execution;

/// <summary>
/// Equality of values as they are stored, stricter than .NET's own: text compares ordinally, 1.0m
/// and 1.00m differ (a numeric stores its scale), doubles compare by their bits, DateTimes by their
/// Kind too, bytes and arrays element by element. "Same" here means writing one over the other
/// would change nothing; when in doubt, values differ.
/// </summary>
internal sealed class ExactValues : IEqualityComparer<object?[]>, IEqualityComparer<object>
{
    public static ExactValues Rows { get; } = new();

    public static bool Same(object? left, object? right)
    {
        if (left is null || right is null)
            return left is null && right is null;
        if (left.GetType() != right.GetType())
            return false;
        return (left, right) switch
        {
            (string a, string b) => string.Equals(a, b, StringComparison.Ordinal),
            (decimal a, decimal b) => a == b && a.Scale == b.Scale,
            (double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b),
            (float a, float b) => BitConverter.SingleToInt32Bits(a) == BitConverter.SingleToInt32Bits(b),
            (DateTime a, DateTime b) => a == b && a.Kind == b.Kind,
            (DateTimeOffset a, DateTimeOffset b) => a.EqualsExact(b),
            (byte[] a, byte[] b) => a.AsSpan().SequenceEqual(b),
            (Array a, Array b) => SameShape(a, b) && a.Cast<object?>().Zip(b.Cast<object?>()).All(pair => Same(pair.First, pair.Second)),
            _ => left.Equals(right),
        };
    }

    /// <summary>Arrays of the same dimensions, each of the same length and bounds.</summary>
    private static bool SameShape(Array a, Array b) =>
        a.Rank == b.Rank && Enumerable.Range(0, a.Rank).All(d => a.GetLength(d) == b.GetLength(d) && a.GetLowerBound(d) == b.GetLowerBound(d));

    public bool Equals(object?[]? x, object?[]? y) => KeyParts.Pairwise(x, y, Same);

    bool IEqualityComparer<object>.Equals(object? x, object? y) => Same(x, y);

    /// <summary>A value's hash, or a composite key's (an array of values).</summary>
    public int GetHashCode(object obj) => obj switch
    {
        object?[] values => GetHashCode(values),
        string s => StringComparer.Ordinal.GetHashCode(s),
        Array a => a.Length,
        _ => obj.GetHashCode(),
    };

    public int GetHashCode(object?[] obj)
    {
        var hash = new HashCode();
        foreach (var value in obj)
        {
            hash.Add(value switch
            {
                null => 0,
                string s => StringComparer.Ordinal.GetHashCode(s),
                byte[] b => b.Length,
                Array a => a.Length,
                _ => value.GetHashCode(),
            });
        }

        return hash.ToHashCode();
    }
}
