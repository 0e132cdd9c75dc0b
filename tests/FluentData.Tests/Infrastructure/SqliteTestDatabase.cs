using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace FluentData.Tests.Infrastructure;

/// <summary>A SQLite database in a temp file, deleted afterwards.</summary>
public sealed class SqliteTestDatabase : TestDatabase
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"fluentdata-test-{Guid.NewGuid():N}.db");

    public override string Engine => "SQLite";

    public override string ConnectionString => $"Data Source={_path};Pooling=False";

    public override DataMigrationsBuilder Use(DataMigrationsBuilder builder) => builder.UseSqlite(ConnectionString);

    public override string BigIntKey(string column) => $"{column} integer primary key";

    public override DbConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    protected override void Dispose(bool disposing)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
            File.Delete(_path + suffix);
        File.Delete(Path.Combine(Path.GetDirectoryName(_path)!, $".{Path.GetFileName(_path)}.fluentdata-lock"));
    }
}
