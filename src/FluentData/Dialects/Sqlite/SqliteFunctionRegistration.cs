using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FluentData.Execution;

namespace FluentData.Dialects.Sqlite;

/// <summary>
/// One C# function registered on one SQLite connection as <c>name(target, col1, col2, ...)</c>
/// until disposed. Nothing may escape into native code: a failure becomes the statement's error
/// (the caller keeps the exception and raises it with the row's key).
/// </summary>
internal sealed unsafe class SqliteFunctionRegistration : IDisposable
{
    private readonly IntPtr _database;
    private readonly string _name;
    private readonly int _arguments;
    private readonly Func<int, IRowSource, object?> _function;
    private readonly SqliteFunctionArguments _row;
    private GCHandle _self;

    private SqliteFunctionRegistration(IntPtr database, string name, int columns, bool withTarget, Func<int, IRowSource, object?> function)
    {
        _database = database;
        _name = name;
        _arguments = columns + (withTarget ? 1 : 0);
        _function = function;
        _row = new SqliteFunctionArguments(columns, withTarget);
        _self = GCHandle.Alloc(this);
    }

    public static SqliteFunctionRegistration? Register(IntPtr database, string name, int columns, bool withTarget, Func<int, IRowSource, object?> function)
    {
        var registration = new SqliteFunctionRegistration(database, name, columns, withTarget, function);
        if (SqliteNative.CreateFunction(database, name, registration._arguments, SqliteNative.Utf8, GCHandle.ToIntPtr(registration._self),
                &Call, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero) == SqliteNative.Ok)
            return registration;

        registration._self.Free();
        return null;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Call(IntPtr context, int count, IntPtr* arguments)
    {
        try
        {
            var registration = (SqliteFunctionRegistration)GCHandle.FromIntPtr(SqliteNative.UserData(context)).Target!;
            registration._row.MoveTo(arguments);
            SqliteFunctionResult.Set(context, registration._function(registration._row.Target, registration._row));
        }
#pragma warning disable CA1031 // an exception must not cross into SQLite; the statement fails with its message
        catch (Exception e)
#pragma warning restore CA1031
        {
            SqliteFunctionResult.Error(context, e.Message);
        }
    }

    public void Dispose()
    {
        if (!_self.IsAllocated)
            return;
        SqliteNative.CreateFunction(_database, _name, _arguments, SqliteNative.Utf8, IntPtr.Zero, null, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero);
        _self.Free();
    }
}
