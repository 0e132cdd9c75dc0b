namespace FluentData.Execution;

/// <summary>
/// Where a row's values come from: an array read by the keyset query, or the arguments the
/// database passed to a registered function, decoded only when the transform asks for them.
/// </summary>
internal interface IRowSource
{
    /// <summary>The value of the column at <paramref name="ordinal"/> (table order); null for SQL NULL.</summary>
    object? Value(int ordinal);
}
