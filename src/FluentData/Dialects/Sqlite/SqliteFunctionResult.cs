using System.Buffers;
using System.Globalization;
using System.Text;

namespace FluentData.Dialects.Sqlite;

/// <summary>
/// Hands a checked value back to SQLite from a registered function, stored the way
/// Microsoft.Data.Sqlite stores the same value bound as a parameter, so both write paths agree.
/// </summary>
internal static unsafe class SqliteFunctionResult
{
    public static void Set(IntPtr context, object? value)
    {
        switch (value)
        {
            case null or DBNull:
                SqliteNative.ResultNull(context);
                break;
            case string text:
                Text(context, text);
                break;
            case long number:
                SqliteNative.ResultInt64(context, number);
                break;
            case bool flag:
                SqliteNative.ResultInt64(context, flag ? 1 : 0);
                break;
            case double real:
                SqliteNative.ResultDouble(context, real);
                break;
            case float real:
                SqliteNative.ResultDouble(context, real);
                break;
            case byte[] bytes:
                Blob(context, bytes);
                break;
            case Guid guid:
                Blob(context, guid.ToByteArray());
                break;
            case decimal number:
                Text(context, number.ToString("0.0###########################", CultureInfo.InvariantCulture));
                break;
            case DateTime time:
                Text(context, time.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture));
                break;
            case DateTimeOffset time:
                Text(context, time.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFFzzz", CultureInfo.InvariantCulture));
                break;
            case DateOnly date:
                Text(context, date.ToString(@"yyyy\-MM\-dd", CultureInfo.InvariantCulture));
                break;
            case TimeOnly time:
                Text(context, time.ToString(@"HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture));
                break;
            case TimeSpan span:
                Text(context, span.ToString("c", CultureInfo.InvariantCulture));
                break;
            case char character:
                Text(context, character.ToString());
                break;
            case Enum or sbyte or byte or short or ushort or int or uint or ulong:
                SqliteNative.ResultInt64(context, Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            default:
                Text(context, Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    public static void Error(IntPtr context, string message)
    {
        var bytes = Encoding.UTF8.GetBytes(message);
        fixed (byte* pointer = bytes)
            SqliteNative.ResultError(context, pointer, bytes.Length);
    }

    private static void Text(IntPtr context, string? text)
    {
        text ??= "";
        var most = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (most <= StackText)
        {
            // Most values are short: encoded on the stack, without the shared pool's per-thread
            // lookups on every row (they showed in profiles of the benchmark).
            Span<byte> stack = stackalloc byte[StackText];
            var length = Encoding.UTF8.GetBytes(text, stack);
            fixed (byte* pointer = stack)
                SqliteNative.ResultText(context, pointer, length, SqliteNative.Transient);
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(most);
        try
        {
            var length = Encoding.UTF8.GetBytes(text, buffer);
            fixed (byte* pointer = buffer)
                SqliteNative.ResultText(context, pointer, length, SqliteNative.Transient);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private const int StackText = 1024;

    private static void Blob(IntPtr context, byte[] bytes)
    {
        // An empty array pins to a null pointer, which SQLite takes for NULL, not for X''.
        byte empty = 0;
        fixed (byte* pointer = bytes)
            SqliteNative.ResultBlob(context, bytes.Length == 0 ? &empty : pointer, bytes.Length, SqliteNative.Transient);
    }
}
