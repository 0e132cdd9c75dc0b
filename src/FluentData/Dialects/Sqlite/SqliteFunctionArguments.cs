using System.Text;
using FluentData.Execution;

namespace FluentData.Dialects.Sqlite;

/// <summary>
/// The row SQLite passes to a registered function, as arguments <c>(target, col1, col2, ...)</c>
/// (no target argument when the transform has one target).
/// A column is decoded only when the transform reads it, once: most transforms read a few
/// columns of a wide row, and decoding is most of the cost of calling C# from SQLite.
/// One instance serves every row of a registration; nothing is kept between rows.
/// </summary>
internal sealed unsafe class SqliteFunctionArguments(int columns, bool withTarget) : IRowSource
{
    private readonly int _firstColumn = withTarget ? 1 : 0;

    private static readonly object NotDecoded = new();

    private readonly object?[] _decoded = Fresh(columns);
    private IntPtr* _arguments;

    public int Target => _firstColumn == 0 ? 0 : (int)SqliteNative.ValueInt64(_arguments[0]);

    public void MoveTo(IntPtr* arguments)
    {
        _arguments = arguments;
        Array.Fill(_decoded, NotDecoded);
    }

    public object? Value(int ordinal)
    {
        var value = _decoded[ordinal];
        if (ReferenceEquals(value, NotDecoded))
            _decoded[ordinal] = value = Decode(_arguments[ordinal + _firstColumn]);
        return value;
    }

    private static object?[] Fresh(int columns)
    {
        var values = new object?[columns];
        Array.Fill(values, NotDecoded);
        return values;
    }

    /// <summary>The same .NET types Microsoft.Data.Sqlite's reader returns for each storage class.</summary>
    private static object? Decode(IntPtr value) => SqliteNative.ValueType(value) switch
    {
        SqliteNative.Integer => SqliteNative.ValueInt64(value),
        SqliteNative.Float => SqliteNative.ValueDouble(value),
        SqliteNative.Text => Encoding.UTF8.GetString(SqliteNative.ValueText(value), SqliteNative.ValueBytes(value)),
        SqliteNative.Blob => new ReadOnlySpan<byte>(SqliteNative.ValueBlob(value), SqliteNative.ValueBytes(value)).ToArray(),
        _ => null,
    };
}
