using System.Runtime.InteropServices;

namespace FluentData.Dialects.Sqlite;

/// <summary>
/// The few SQLite C functions the in-database function path calls directly, in the same
/// e_sqlite3 library Microsoft.Data.Sqlite loads. Calling them without SQLitePCLRaw's wrappers
/// saves an object per argument per row, which is most of the cost of calling C# from SQL.
/// The value and result functions are short and never call back, so they skip the GC transition.
/// </summary>
internal static unsafe partial class SqliteNative
{
    public const string Library = "e_sqlite3";

    public const int Ok = 0;
    public const int Utf8 = 1;
    public const int Integer = 1;
    public const int Float = 2;
    public const int Text = 3;
    public const int Blob = 4;

    /// <summary>SQLITE_TRANSIENT: SQLite copies the value before the call returns.</summary>
    public static readonly IntPtr Transient = new(-1);

    [LibraryImport(Library, EntryPoint = "sqlite3_create_function_v2", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int CreateFunction(IntPtr db, string name, int arguments, int encoding, IntPtr state,
        delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr*, void> function, IntPtr step, IntPtr final, IntPtr destroy);

    [SuppressGCTransition]
    [LibraryImport(Library, EntryPoint = "sqlite3_user_data")]
    public static partial IntPtr UserData(IntPtr context);

    [SuppressGCTransition]
    [LibraryImport(Library, EntryPoint = "sqlite3_value_type")]
    public static partial int ValueType(IntPtr value);

    [SuppressGCTransition]
    [LibraryImport(Library, EntryPoint = "sqlite3_value_int64")]
    public static partial long ValueInt64(IntPtr value);

    [SuppressGCTransition]
    [LibraryImport(Library, EntryPoint = "sqlite3_value_double")]
    public static partial double ValueDouble(IntPtr value);

    [SuppressGCTransition]
    [LibraryImport(Library, EntryPoint = "sqlite3_value_text")]
    public static partial byte* ValueText(IntPtr value);

    [SuppressGCTransition]
    [LibraryImport(Library, EntryPoint = "sqlite3_value_blob")]
    public static partial byte* ValueBlob(IntPtr value);

    [SuppressGCTransition]
    [LibraryImport(Library, EntryPoint = "sqlite3_value_bytes")]
    public static partial int ValueBytes(IntPtr value);

    [SuppressGCTransition]
    [LibraryImport(Library, EntryPoint = "sqlite3_result_null")]
    public static partial void ResultNull(IntPtr context);

    [SuppressGCTransition]
    [LibraryImport(Library, EntryPoint = "sqlite3_result_int64")]
    public static partial void ResultInt64(IntPtr context, long value);

    [SuppressGCTransition]
    [LibraryImport(Library, EntryPoint = "sqlite3_result_double")]
    public static partial void ResultDouble(IntPtr context, double value);

    [SuppressGCTransition]
    [LibraryImport(Library, EntryPoint = "sqlite3_result_text")]
    public static partial void ResultText(IntPtr context, byte* text, int bytes, IntPtr destructor);

    [SuppressGCTransition]
    [LibraryImport(Library, EntryPoint = "sqlite3_result_blob")]
    public static partial void ResultBlob(IntPtr context, byte* blob, int bytes, IntPtr destructor);

    [SuppressGCTransition]
    [LibraryImport(Library, EntryPoint = "sqlite3_result_value")]
    public static partial void ResultValue(IntPtr context, IntPtr value);

    [SuppressGCTransition]
    [LibraryImport(Library, EntryPoint = "sqlite3_result_error")]
    public static partial void ResultError(IntPtr context, byte* message, int bytes);
}
