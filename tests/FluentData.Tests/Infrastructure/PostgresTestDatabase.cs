using System.Data.Common;
using Npgsql;

namespace FluentData.Tests.Infrastructure;

/// <summary>
/// A fresh PostgreSQL database on the shared test server, dropped afterwards. Skips the test
/// when no server can be had, except under CI=true, where that is a failure.
/// </summary>
public sealed class PostgresTestDatabase : TestDatabase
{
    private readonly string _admin;
    private readonly string _name = $"fd_{Guid.NewGuid():N}";

    public PostgresTestDatabase()
    {
        var server = PostgresServer.Instance;
        if (server.AdminConnectionString is null)
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException($"CI=true and PostgreSQL is unavailable: {server.UnavailableReason}");
            Skip.If(true, $"PostgreSQL is unavailable: {server.UnavailableReason}");
        }

        _admin = server.AdminConnectionString!;
        using var connection = new NpgsqlConnection(_admin);
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE DATABASE \"{_name}\"", connection);
        command.ExecuteNonQuery();
        ConnectionString = new NpgsqlConnectionStringBuilder(_admin) { Database = _name }.ConnectionString;
    }

    public override string Engine => "PostgreSQL";

    public override string ConnectionString { get; }

    public override DataMigrationsBuilder Use(DataMigrationsBuilder builder) => builder.UsePostgres(ConnectionString);

    public override DbConnection Open()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    protected override void Dispose(bool disposing)
    {
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(_admin);
        connection.Open();
        using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
        command.ExecuteNonQuery();
    }
}
