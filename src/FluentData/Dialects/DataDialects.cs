using System.Data;

namespace FluentData.Dialects;

/// <summary>Finds the registered dialect for a connection.</summary>
internal static class DataDialects
{
    /// <summary>The dialect that speaks to <paramref name="connection"/>'s database.</summary>
    /// <param name="dialects">The registered dialects.</param>
    /// <param name="connection">The connection FluentMigrator's processor opened.</param>
    /// <param name="what">What needs the dialect, for the message: "Transform on 'customers'.'email' in X".</param>
    /// <param name="migration">The migration, for the exception's properties.</param>
    /// <param name="table">The table, for the exception's properties.</param>
    /// <exception cref="DataMigrationException">No dialect handles the connection.</exception>
    public static IDataDialect For(this IEnumerable<IDataDialect> dialects, IDbConnection connection, string what, MigrationIdentity? migration = null, string? table = null) =>
        dialects.FirstOrDefault(d => d.CanHandle(connection))
        ?? throw new DataMigrationException(
            $"{what} runs on a {connection.GetType().Name}, which no registered FluentData dialect handles. " +
            "Register the database with services.AddDataMigrations(o => o.UsePostgres(...)) or o.UseSqlServer(...).")
        {
            Migration = migration,
            Table = table,
        };
}
