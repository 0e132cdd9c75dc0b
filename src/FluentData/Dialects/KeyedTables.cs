using System.Data.Common;

namespace FluentData.Dialects;

/// <summary>
/// Reads a table a transform or a check works on, and insists on what it needs: that it exists
/// and — for reading in batches — has a key: its primary key (one column or several), or else a
/// unique index over NOT NULL columns. Rows are read in key order and named by key in errors.
/// </summary>
internal static class KeyedTables
{
    /// <param name="dialect">The database's dialect.</param>
    /// <param name="connection">The migration's connection.</param>
    /// <param name="transaction">The migration's transaction, if any.</param>
    /// <param name="name">The table.</param>
    /// <param name="who">"Transform" or "Verify", for messages.</param>
    /// <param name="migration">The migration, for messages.</param>
    /// <param name="requireKey">Whether the table must have a key (a count needs none).</param>
    /// <exception cref="TableSchemaException">The table does not exist or has no usable key.</exception>
    public static TableSchema Read(IDataDialect dialect, DbConnection connection, DbTransaction? transaction, TableName name, string who, MigrationIdentity migration, bool requireKey = true)
    {
        var table = dialect.ReadSchema(connection, transaction, name)
            ?? throw Error(migration, name,
                $"{who} in {migration} names table {name}, which does not exist in the {dialect.Name} database. " +
                $"{dialect.SuggestTable(connection, transaction, name) ?? "Check the name, or create the table earlier in the migration."}");

        if (requireKey && table.KeyColumns.Count == 0)
        {
            throw Error(migration, name,
                $"{who} in {migration} cannot read table {name} in batches: it has no primary key and no unique index over NOT NULL columns. " +
                $"Add one before it, e.g. Create.PrimaryKey(\"PK_{name.Name}\").OnTable(\"{name.Name}\").Column(\"id\").");
        }

        if (requireKey && table.KeyColumns.Any(c => c.IsNullable))
            RefuseNullKeys(dialect, connection, transaction, table, who, migration);

        return table;
    }

    /// <summary>
    /// SQLite lets a primary key column that is not INTEGER hold NULL; such a row can never be
    /// found again by its key, so a table that has one is refused rather than half read.
    /// </summary>
    private static void RefuseNullKeys(IDataDialect dialect, DbConnection connection, DbTransaction? transaction, TableSchema table, string who, MigrationIdentity migration)
    {
        var condition = string.Join(" OR ", table.KeyColumns.Where(c => c.IsNullable).Select(c => $"{dialect.Quote(c.Name)} IS NULL"));
        using var command = Execution.Commands.Create(connection, transaction, dialect.BuildCount(table, condition));
        var rows = Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        if (rows > 0)
        {
            throw Error(migration, table.Name,
                $"{who} in {migration} cannot read table {table.Name} by its {table.KeySource} ({string.Join(", ", table.KeyColumns.Select(c => c.Name))}): " +
                $"{rows} rows have NULL in it, and a row with a NULL key cannot be found again by its key. Give them keys, or make the column NOT NULL.");
        }
    }

    private static TableSchemaException Error(MigrationIdentity migration, TableName name, string message) =>
        new(message)
        {
            Migration = migration,
            Table = name.Name,
        };
}
