using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace FluentData.Benchmarks;

/// <summary>The database a benchmark runs on: builds the people table itself and runs raw SQL against it.</summary>
internal sealed class BenchDatabase : IDisposable
{
    private readonly string? _sqlitePath;

    private BenchDatabase(string provider, string connectionString, string? sqlitePath)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _sqlitePath = sqlitePath;
    }

    public string Provider { get; }

    public string ConnectionString { get; }

    public bool IsPostgres => Provider == "postgres";

    public static BenchDatabase Create(string provider)
    {
        if (provider == "sqlite")
        {
            var path = Path.Combine(Path.GetTempPath(), $"fluentdata-bench-{Environment.ProcessId}.db");
            File.Delete(path);
            return new BenchDatabase(provider, $"Data Source={path};Pooling=False", path);
        }

        Tests.Infrastructure.PostgresServer.Stock = true;
        var server = Tests.Infrastructure.PostgresServer.Instance;
        var admin = server.AdminConnectionString ?? throw new InvalidOperationException($"PostgreSQL is unavailable: {server.UnavailableReason}");
        var name = $"fluentdata_bench_{Environment.ProcessId}";
        using (var connection = new NpgsqlConnection(admin))
        {
            connection.Open();
            using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name}", connection);
            drop.ExecuteNonQuery();
            using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            create.ExecuteNonQuery();
        }

        return new BenchDatabase(provider, new NpgsqlConnectionStringBuilder(admin) { Database = name, CommandTimeout = 0 }.ConnectionString, null);
    }

    public DbConnection Open()
    {
        DbConnection connection = IsPostgres ? new NpgsqlConnection(ConnectionString) : new SqliteConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    /// <summary>people(id bigint primary key, first_name, last_name, email, full_name), filled by the database itself.</summary>
    public void CreatePeople(long rows)
    {
        Execute("DROP TABLE IF EXISTS people");
        if (IsPostgres)
        {
            Execute("CREATE TABLE people (id bigint PRIMARY KEY, first_name text NOT NULL, last_name text NOT NULL, email text, full_name text)");
            Execute($"INSERT INTO people SELECT g, 'First' || g, 'Last' || g, 'user' || g || '@example.com', NULL FROM generate_series(1, {rows}) g");
            Execute("VACUUM ANALYZE people");
        }
        else
        {
            Execute("CREATE TABLE people (id INTEGER PRIMARY KEY, first_name TEXT NOT NULL, last_name TEXT NOT NULL, email TEXT, full_name TEXT)");
            Execute($"WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < {rows}) " +
                    "INSERT INTO people SELECT n, 'First' || n, 'Last' || n, 'user' || n || '@example.com', NULL FROM g");
        }

        // Where the copy variants insert every person's id and full name.
        Execute("DROP TABLE IF EXISTS people_copy");
        Execute(IsPostgres ? "CREATE TABLE people_copy (id bigint PRIMARY KEY, full_name text NOT NULL)" : "CREATE TABLE people_copy (id INTEGER PRIMARY KEY, full_name TEXT NOT NULL)");

        // What the purge variants delete, to put back between their runs (not timed).
        Execute("DROP TABLE IF EXISTS people_even");
        Execute("CREATE TABLE people_even AS SELECT * FROM people WHERE id % 2 = 0");
    }

    /// <summary>
    /// Between runs: PostgreSQL's dead row versions are vacuumed so every run starts from the same
    /// table, and the benchmark migration is made pending again (the version table stays, as it
    /// would in an application that has migrated before).
    /// </summary>
    public void Settle()
    {
        if (IsPostgres)
            Execute("VACUUM people");
        if (Scalar(IsPostgres
                ? "SELECT COUNT(*) FROM pg_catalog.pg_tables WHERE tablename = 'VersionInfo'"
                : "SELECT COUNT(*) FROM sqlite_master WHERE name = 'VersionInfo'") > 0)
            Execute("DELETE FROM \"VersionInfo\"");
    }

    public int Execute(string sql, DbConnection? connection = null, DbTransaction? transaction = null)
    {
        var own = connection is null ? Open() : null;
        try
        {
            using var command = (connection ?? own!).CreateCommand();
            command.CommandText = sql;
            command.Transaction = transaction;
            command.CommandTimeout = 0;
            return command.ExecuteNonQuery();
        }
        finally
        {
            own?.Dispose();
        }
    }

    /// <summary>
    /// PostgreSQL's count of row versions written by UPDATE in people (n_tup_upd), or null on
    /// SQLite. Backends report their counts when they exit, so the pool is emptied first.
    /// </summary>
    public long? RowsUpdated()
    {
        if (!IsPostgres)
            return null;
        NpgsqlConnection.ClearAllPools();
        Thread.Sleep(300);
        return Scalar("SELECT n_tup_upd FROM pg_catalog.pg_stat_user_tables WHERE relname = 'people'");
    }

    public long CountFullNames() =>
        Scalar("SELECT COUNT(*) FROM people WHERE full_name = first_name || ' ' || last_name");

    public long Scalar(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public string ServerVersion()
    {
        using var connection = Open();
        return IsPostgres ? $"PostgreSQL {connection.ServerVersion}" : $"SQLite {connection.ServerVersion}";
    }

    public void Dispose()
    {
        if (_sqlitePath is not null)
        {
            foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
                File.Delete(_sqlitePath + suffix);
            File.Delete(Path.Combine(Path.GetDirectoryName(_sqlitePath)!, $".{Path.GetFileName(_sqlitePath)}.fluentdata-lock"));
        }
    }
}
