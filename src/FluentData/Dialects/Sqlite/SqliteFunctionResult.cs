using System.Globalization;
using SQLitePCL;

namespace FluentData.Dialects.Sqlite;

/// <summary>
/// Hands a checked value back to SQLite from a registered function, stored the way
/// Microsoft.Data.Sqlite stores the same value bound as a parameter, so both write paths agree.
/// </summary>
internal static class SqliteFunctionResult
{
    public static void Set(sqlite3_context context, object? value)
    {
        switch (value)
        {
            case null or DBNull:
                raw.sqlite3_result_null(context);
                break;
            case string text:
                raw.sqlite3_result_text(context, text);
                break;
            case long number:
                raw.sqlite3_result_int64(context, number);
                break;
            case bool flag:
                raw.sqlite3_result_int64(context, flag ? 1 : 0);
                break;
            case double real:
                raw.sqlite3_result_double(context, real);
                break;
            case float real:
                raw.sqlite3_result_double(context, real);
                break;
            case byte[] bytes:
                raw.sqlite3_result_blob(context, bytes);
                break;
            case Guid guid:
                raw.sqlite3_result_blob(context, guid.ToByteArray());
                break;
            case decimal number:
                raw.sqlite3_result_text(context, number.ToString("0.0###########################", CultureInfo.InvariantCulture));
                break;
            case DateTime time:
                raw.sqlite3_result_text(context, time.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture));
                break;
            case DateTimeOffset time:
                raw.sqlite3_result_text(context, time.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFFzzz", CultureInfo.InvariantCulture));
                break;
            case DateOnly date:
                raw.sqlite3_result_text(context, date.ToString(@"yyyy\-MM\-dd", CultureInfo.InvariantCulture));
                break;
            case TimeOnly time:
                raw.sqlite3_result_text(context, time.ToString(@"HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture));
                break;
            case TimeSpan span:
                raw.sqlite3_result_text(context, span.ToString("c", CultureInfo.InvariantCulture));
                break;
            case char character:
                raw.sqlite3_result_text(context, character.ToString());
                break;
            case Enum or sbyte or byte or short or ushort or int or uint or ulong:
                raw.sqlite3_result_int64(context, Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            default:
                raw.sqlite3_result_text(context, Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }
}
