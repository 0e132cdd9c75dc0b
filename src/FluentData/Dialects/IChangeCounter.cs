namespace FluentData.Dialects;

/// <summary>
/// Two SQL functions that compare a column's stored value with its new one and count, so a range
/// update evaluates the new value once and still knows the rows it read and changed:
/// <c>Differs(old, new)</c> for a WHERE clause that skips unchanged rows, and <c>Counted(old, new)</c>,
/// which returns <c>new</c>, for a SET clause that writes a whole range.
/// </summary>
internal interface IChangeCounter : IDisposable
{
    /// <summary>The SQL call that is 1 when <paramref name="value"/> differs from the column's stored value.</summary>
    string Differs(string column, string value);

    /// <summary>The SQL call that returns <paramref name="value"/> for the column, counting it.</summary>
    string Counted(string column, string value);

    /// <summary>The rows compared and the rows that differed since the last call; starts again from zero.</summary>
    (long Read, long Changed) TakeCounts();
}
