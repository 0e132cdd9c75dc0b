using FluentData.Execution;
using SQLitePCL;

namespace FluentData.Dialects.Sqlite;

/// <summary>
/// The row SQLite passes to a registered function, as arguments <c>(target, col1, col2, ...)</c>.
/// A column is decoded only when the transform reads it, once: most transforms read a few
/// columns of a wide row, and decoding text is most of the cost of calling C# from SQLite.
/// </summary>
internal sealed class SqliteFunctionArguments(int columns) : IRowSource
{
    private static readonly object NotDecoded = new();

    private readonly object?[] _decoded = Fresh(columns);
    private sqlite3_value[] _arguments = [];

    public int Target => raw.sqlite3_value_int(_arguments[0]);

    /// <summary>The arguments of the next call: one instance serves every row, nothing is kept between rows.</summary>
    public SqliteFunctionArguments MoveTo(sqlite3_value[] arguments)
    {
        _arguments = arguments;
        Array.Fill(_decoded, NotDecoded);
        return this;
    }

    public object? Value(int ordinal)
    {
        var value = _decoded[ordinal];
        if (ReferenceEquals(value, NotDecoded))
            _decoded[ordinal] = value = Decode(_arguments[ordinal + 1]);
        return value;
    }

    private static object?[] Fresh(int columns)
    {
        var values = new object?[columns];
        Array.Fill(values, NotDecoded);
        return values;
    }

    /// <summary>The same .NET types Microsoft.Data.Sqlite's reader returns for each storage class.</summary>
    private static object? Decode(sqlite3_value value) => raw.sqlite3_value_type(value) switch
    {
        raw.SQLITE_INTEGER => raw.sqlite3_value_int64(value),
        raw.SQLITE_FLOAT => raw.sqlite3_value_double(value),
        raw.SQLITE_TEXT => raw.sqlite3_value_text(value).utf8_to_string(),
        raw.SQLITE_BLOB => raw.sqlite3_value_blob(value).ToArray(),
        _ => null,
    };
}
