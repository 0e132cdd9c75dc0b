using FluentData.Dialects;
using FluentData.Postgres;
using FluentMigrator.Runner;
using Microsoft.Extensions.DependencyInjection;

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
        if (!builder.Services.Any(d => d.ServiceType == typeof(IDataDialect) && d.ImplementationType == typeof(PostgresDialect)))
        {
            builder.Services.AddSingleton<IDataDialect, PostgresDialect>();
            builder.ConfigureRunner(rb => rb.AddPostgres());
        }

        return builder.UseDatabase(ProcessorId, connectionString);
    }
}
