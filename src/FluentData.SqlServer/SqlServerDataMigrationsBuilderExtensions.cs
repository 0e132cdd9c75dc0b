using FluentData.Dialects;
using FluentData.SqlServer;
using FluentMigrator.Runner;
using Microsoft.Extensions.DependencyInjection;

namespace FluentData;

/// <summary>Adds SQL Server to <c>AddDataMigrations</c>.</summary>
public static class SqlServerDataMigrationsBuilderExtensions
{
    /// <summary>FluentMigrator's id of the processor that <c>AddSqlServer()</c> registers.</summary>
    internal const string ProcessorId = "SqlServer2016";

    /// <summary>
    /// Migrates a SQL Server database. FluentData's SQL for SQL Server is covered by exact-text
    /// tests only; it has not been run against a live server.
    /// </summary>
    public static DataMigrationsBuilder UseSqlServer(this DataMigrationsBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!builder.Services.Any(d => d.ServiceType == typeof(IDataDialect) && d.ImplementationType == typeof(SqlServerDialect)))
        {
            builder.Services.AddSingleton<IDataDialect, SqlServerDialect>();
            builder.ConfigureRunner(rb => rb.AddSqlServer());
        }

        return builder.UseDatabase(ProcessorId, connectionString);
    }
}
