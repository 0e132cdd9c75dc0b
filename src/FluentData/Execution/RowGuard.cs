using FluentData.Dialects;

namespace FluentData.Execution;

/// <summary>
/// What a batch write requires to be unchanged in the table since its rows were read, so a value
/// computed from a row another session changed in between is never written: the row version
/// where the database keeps one (<see cref="IDataDialect.RowVersion"/>), else every column read.
/// </summary>
/// <param name="Columns">The columns compared, as a row holds them.</param>
/// <param name="Ordinals">Where a row as read holds each (<see cref="RowShape.Layout"/>).</param>
internal sealed record RowGuard(IReadOnlyList<ColumnSchema> Columns, int[] Ordinals)
{
    public static RowGuard None { get; } = new([], []);

    /// <summary>The columns' names, one string: writers keep a statement per guard.</summary>
    public string Names { get; } = string.Join(", ", Columns.Select(c => c.Name));
}
