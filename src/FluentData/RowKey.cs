using System.Globalization;
using FluentData.Execution;

namespace FluentData;

/// <summary>
/// The key of one row: the values of the columns FluentData reads the table by — its primary key,
/// or else a unique index over NOT NULL columns — in key order. A single-column key and a
/// composite one have this same shape. Values have one .NET type per kind of column, whatever the
/// database: whole numbers are <see cref="long"/>, floating point <see cref="double"/>, exact
/// decimals <see cref="decimal"/>, text <see cref="string"/>, dates and timestamps without a zone
/// <see cref="DateTime"/>, timestamps with a zone or offset <see cref="DateTimeOffset"/>, times of
/// day <see cref="TimeSpan"/>, GUIDs <see cref="Guid"/>, bytes <see cref="byte"/>[], booleans <see cref="bool"/>,
/// and types FluentData reads as text (enums, intervals, network addresses) <see cref="string"/>.
/// </summary>
public sealed class RowKey : IEquatable<RowKey>
{
    /// <summary>Creates a key from its columns and their values, in key order.</summary>
    /// <param name="columns">The key columns.</param>
    /// <param name="values">One value per column.</param>
    /// <exception cref="ArgumentException">The counts differ, or there are no columns.</exception>
    public RowKey(IReadOnlyList<string> columns, IReadOnlyList<object> values)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(values);
        if (columns.Count == 0 || columns.Count != values.Count)
            throw new ArgumentException($"A key needs one value per column; got {columns.Count} columns and {values.Count} values.", nameof(values));
        Columns = columns;
        Values = values;
    }

    /// <summary>The key columns, in key order.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>The values, one per key column.</summary>
    public IReadOnlyList<object> Values { get; }

    /// <summary>The value of a single-column key.</summary>
    /// <exception cref="InvalidOperationException">The key has several columns; use <see cref="Values"/> or the indexer.</exception>
    public object Value => Values.Count == 1
        ? Values[0]
        : throw new InvalidOperationException($"The key {this} has {Values.Count} columns; read them with key[\"column\"] or Values.");

    /// <summary>The value of one key column (case-insensitive).</summary>
    /// <exception cref="KeyNotFoundException">The key has no such column.</exception>
    public object this[string column]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(column);
            for (var i = 0; i < Columns.Count; i++)
            {
                if (string.Equals(Columns[i], column, StringComparison.OrdinalIgnoreCase))
                    return Values[i];
            }

            throw new KeyNotFoundException($"The key {this} has no column '{column}'; its columns are {string.Join(", ", Columns)}.");
        }
    }

    /// <summary>Keys are equal when their columns and values are (bytes compared by content).</summary>
    public bool Equals(RowKey? other) =>
        other is not null && Columns.Count == other.Columns.Count
        && Columns.Zip(other.Columns).All(p => string.Equals(p.First, p.Second, StringComparison.OrdinalIgnoreCase))
        && KeyParts.Comparer.Equals([.. Values], [.. other.Values]);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is RowKey other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => KeyParts.Comparer.GetHashCode([.. Values]);

    /// <summary>The value of a single-column key (<c>42</c>, <c>alice</c>), or every column's (<c>(PlaylistId=1, TrackId=5)</c>).</summary>
    public override string ToString() =>
        Values.Count == 1
            ? Format(Values[0])
            : "(" + string.Join(", ", Columns.Select((c, i) => $"{c}={Format(Values[i])}")) + ")";

    private static string Format(object value) => Shorten(value switch
    {
        DateTime time => time.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset time => time.ToString("O", CultureInfo.InvariantCulture),
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        byte[] bytes => "0x" + Convert.ToHexString(bytes.AsSpan(0, Math.Min(bytes.Length, 32))) + (bytes.Length > 32 ? "…" : ""),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    }, 80);

    /// <summary>Text cut to at most <paramref name="length"/> UTF-16 units and an ellipsis, never inside a surrogate pair.</summary>
    internal static string Shorten(string text, int length)
    {
        if (text.Length <= length)
            return text;
        var cut = char.IsHighSurrogate(text[length - 2]) ? length - 2 : length - 1;
        return text[..cut] + "…";
    }
}
