using FluentData.SqlServer;
using FluentMigrator.Runner;

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
        return builder.UseDialect<SqlServerDialect>(ProcessorId, connectionString, rb => rb.AddSqlServer());
    }
}
