namespace FluentData;

/// <summary>One row's target columns before and after a transform in a dry run.</summary>
/// <param name="Key">The row's key.</param>
/// <param name="Before">The target columns' values before, in the order of the transform's columns.</param>
/// <param name="After">The same columns after.</param>
public sealed record DryRunSample(RowKey Key, IReadOnlyList<object?> Before, IReadOnlyList<object?> After);
