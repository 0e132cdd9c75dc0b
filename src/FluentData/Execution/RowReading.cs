using System.Data.Common;
using FluentData.Dialects;

namespace FluentData.Execution;

/// <summary>
/// Reads one row of a query into .NET values, for every path that reads rows to the client (a
/// transform's batches, a copy's): the driver's default read, and where it fails on a value (an
/// integer array holding NULLs, a numeric beyond decimal), the dialect's read of each column; a
/// value no read can turn into .NET is the caller's to refuse (a transform at once, naming the
/// column and the row's key) or to keep in the value's place (a copy, for when it is read).
/// </summary>
internal static class RowReading
{
    /// <param name="reader">Positioned on the row.</param>
    /// <param name="buffer">Receives the values, DBNull for NULL.</param>
    /// <param name="columns">What each of the query's columns is.</param>
    /// <param name="keyPositions">Where the query has each key column, -1 where it does not.</param>
    /// <param name="dialect">The database's dialect.</param>
    /// <param name="unreadable">For a column no read can turn into .NET, given the column, the row's key (when the query has it) and the cause: what to keep in its place, or it throws.</param>
    public static void Values(
        DbDataReader reader, object[] buffer, IReadOnlyList<ColumnSchema> columns, IReadOnlyList<int> keyPositions, IDataDialect dialect,
        Func<ColumnSchema, object?[]?, Exception, object> unreadable)
    {
        try
        {
            reader.GetValues(buffer);
            return;
        }
        catch (Exception e) when (IsUnreadable(e))
        {
            // One column the driver's default mapping cannot take: the dialect may read it another way.
        }

        for (var i = 0; i < buffer.Length; i++)
        {
            try
            {
                buffer[i] = reader.IsDBNull(i) ? DBNull.Value : dialect.ReadValue(reader, i, columns[i]);
            }
            catch (Exception e) when (IsUnreadable(e))
            {
                var column = i;
                var key = keyPositions.All(at => at >= 0 && at != column)
                    ? keyPositions.Select(at => reader.IsDBNull(at) ? null : reader.GetValue(at)).ToArray()
                    : null;
                buffer[i] = unreadable(columns[i], key, e);
            }
        }
    }

    private static bool IsUnreadable(Exception e) => e is InvalidCastException or OverflowException or FormatException or ArgumentException;
}
