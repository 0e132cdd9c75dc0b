using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FluentData.Dialects.Sqlite;

/// <summary>
/// <see cref="IChangeCounter"/> registered with SQLite's C API: compares the stored and the new
/// value as SQLite holds them (storage class and bytes, nothing decoded into .NET). Nothing may
/// escape into native code.
/// </summary>
internal sealed unsafe class SqliteChangeCounter : IChangeCounter
{
    private readonly IntPtr _database;
    private readonly string _name;
    private GCHandle _self;
    private long _read;
    private long _changed;

    private SqliteChangeCounter(IntPtr database, string name)
    {
        _database = database;
        _name = name;
        _self = GCHandle.Alloc(this);
    }

    public static SqliteChangeCounter? Register(IntPtr database, string name)
    {
        var counter = new SqliteChangeCounter(database, name);
        var state = GCHandle.ToIntPtr(counter._self);
        if (SqliteNative.CreateFunction(database, name + "_differs", 2, SqliteNative.Utf8, state, &DiffersCall, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero) == SqliteNative.Ok
            && SqliteNative.CreateFunction(database, name, 2, SqliteNative.Utf8, state, &CountedCall, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero) == SqliteNative.Ok)
            return counter;
        counter.Dispose();
        return null;
    }

    public string Differs(string column, string value) => $"{_name}_differs({column}, {value})";

    public string Counted(string column, string value) => $"{_name}({column}, {value})";

    public (long Read, long Changed) TakeCounts()
    {
        var counts = (_read, _changed);
        (_read, _changed) = (0, 0);
        return counts;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void DiffersCall(IntPtr context, int count, IntPtr* arguments) =>
        SqliteNative.ResultInt64(context, Count(context, arguments) ? 1 : 0);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void CountedCall(IntPtr context, int count, IntPtr* arguments)
    {
        Count(context, arguments);
        SqliteNative.ResultValue(context, arguments[1]);
    }

    /// <summary>Counts a row, and a change when the values differ; returns whether they do.</summary>
    private static bool Count(IntPtr context, IntPtr* arguments)
    {
        var counter = (SqliteChangeCounter)GCHandle.FromIntPtr(SqliteNative.UserData(context)).Target!;
        counter._read++;
        if (Same(arguments[0], arguments[1]))
            return false;
        counter._changed++;
        return true;
    }

    private static bool Same(IntPtr stored, IntPtr value)
    {
        var type = SqliteNative.ValueType(stored);
        if (type != SqliteNative.ValueType(value))
            return false;
        return type switch
        {
            SqliteNative.Integer => SqliteNative.ValueInt64(stored) == SqliteNative.ValueInt64(value),
            SqliteNative.Float => BitConverter.DoubleToInt64Bits(SqliteNative.ValueDouble(stored)) == BitConverter.DoubleToInt64Bits(SqliteNative.ValueDouble(value)),
            SqliteNative.Text => Bytes(SqliteNative.ValueText(stored), SqliteNative.ValueBytes(stored)).SequenceEqual(Bytes(SqliteNative.ValueText(value), SqliteNative.ValueBytes(value))),
            SqliteNative.Blob => Bytes(SqliteNative.ValueBlob(stored), SqliteNative.ValueBytes(stored)).SequenceEqual(Bytes(SqliteNative.ValueBlob(value), SqliteNative.ValueBytes(value))),
            _ => true,
        };
    }

    private static ReadOnlySpan<byte> Bytes(byte* pointer, int length) => new(pointer, length);

    public void Dispose()
    {
        if (!_self.IsAllocated)
            return;
        SqliteNative.CreateFunction(_database, _name + "_differs", 2, SqliteNative.Utf8, IntPtr.Zero, null, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero);
        SqliteNative.CreateFunction(_database, _name, 2, SqliteNative.Utf8, IntPtr.Zero, null, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero);
        _self.Free();
    }
}
