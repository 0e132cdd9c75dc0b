using FluentData.Postgres;
using FluentMigrator.Runner;

namespace FluentData;

/// <summary>Adds PostgreSQL to <c>AddDataMigrations</c>.</summary>
public static class PostgresDataMigrationsBuilderExtensions
{
    /// <summary>FluentMigrator's id of the PostgreSQL processor that <c>AddPostgres()</c> registers.</summary>
    internal const string ProcessorId = "PostgreSQL15_0";

    /// <summary>Migrates a PostgreSQL database, e.g. <c>"Host=localhost;Database=app;Username=app"</c>.</summary>
    /// <example>
    /// <code>
    /// services.AddDataMigrations(o => o.UsePostgres(connectionString).ScanIn(typeof(Program).Assembly));
    /// </code>
    /// </example>
    public static DataMigrationsBuilder UsePostgres(this DataMigrationsBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseDialect<PostgresDialect>(ProcessorId, connectionString, rb => rb.AddPostgres());
    }
}
