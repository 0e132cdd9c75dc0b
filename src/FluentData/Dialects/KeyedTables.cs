using System.Data.Common;

namespace FluentData.Dialects;

/// <summary>
/// Reads a table a transform or a check works on, and insists on what both need: that it exists
/// and has a single-column primary key, by which rows are read in batches and named in errors.
/// </summary>
internal static class KeyedTables
{
    /// <param name="dialect">The database's dialect.</param>
    /// <param name="connection">The migration's connection.</param>
    /// <param name="transaction">The migration's transaction, if any.</param>
    /// <param name="name">The table.</param>
    /// <param name="who">"Transform" or "Verify", for messages.</param>
    /// <param name="migration">The migration, for messages.</param>
    /// <exception cref="TableSchemaException">The table does not exist or has no single-column primary key.</exception>
    public static TableSchema Read(IDataDialect dialect, DbConnection connection, DbTransaction? transaction, TableName name, string who, MigrationIdentity migration)
    {
        var table = dialect.ReadSchema(connection, transaction, name)
            ?? throw Error(migration, name,
                $"{who} in {migration} names table {name}, which does not exist in the {dialect.Name} database. " +
                "Check the name, or create the table earlier in the migration.");

        if (table.KeyColumns.Count == 0)
        {
            throw Error(migration, name,
                $"{who} in {migration} cannot read table {name} in batches: it has no primary key. " +
                $"Add one before it, e.g. Create.PrimaryKey(\"PK_{name.Name}\").OnTable(\"{name.Name}\").Column(\"id\").");
        }

        if (table.KeyColumns.Count > 1)
        {
            throw Error(migration, name,
                $"{who} in {migration} cannot read table {name} in batches: its primary key has {table.KeyColumns.Count} columns " +
                $"({string.Join(", ", table.KeyColumns.Select(c => c.Name))}) and FluentData needs a single-column key. " +
                "Add a single-column unique key and make it the primary key, or use Execute.Sql.");
        }

        return table;
    }

    private static TableSchemaException Error(MigrationIdentity migration, TableName name, string message) =>
        new(message)
        {
            Migration = migration,
            Table = name.Name,
        };
}
