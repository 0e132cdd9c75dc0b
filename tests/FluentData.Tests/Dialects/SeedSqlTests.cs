using FluentData.Dialects;
using FluentData.Dialects.Sqlite;
using FluentData.Postgres;
using FluentData.SqlServer;

namespace FluentData.Tests.Dialects;

/// <summary>The exact SQL of a seed on each database. For SQL Server this is all the testing there is: no server runs here.</summary>
public sealed class SeedSqlTests
{
    private static readonly TableSchema Countries = new(new TableName("ref", "countries"),
    [
        new ColumnSchema("code", "varchar", typeof(string), false, 3, IsKey: true) { KeyPosition = 1, SqlType = "varchar(3)", Kind = ValueKind.Text },
        new ColumnSchema("name", "varchar", typeof(string), false, 40, IsKey: false) { SqlType = "varchar(40)", Kind = ValueKind.Text },
        new ColumnSchema("population", "bigint", typeof(long), true, null, IsKey: false) { Kind = ValueKind.Integer },
    ]);

    private static SeedTables Seed(IDataDialect dialect, string? collation = null) =>
        new SeedTables(Countries, dialect.SeedStage, [.. Countries.Columns.Take(2)], [Countries.Columns[0]], [collation])
        {
            Undo = new TableName("ref", "fluentdata_undo_7_1"),
            UndoDeleted = new TableName("ref", "fluentdata_undo_7_1_deleted"),
        };

    [Fact]
    public void SqlServer_stages_the_rows_in_a_temporary_table_and_merges_them_holding_the_key_range_locked()
    {
        var dialect = new SqlServerDialect();
        var seed = Seed(dialect);

        dialect.BuildCreateLike(seed.Stage, Countries, seed.Columns, (SeedTables.RowColumn, "bigint")).ShouldBe(
            "SELECT TOP (0) CAST(NULL AS bigint) AS [fluentdata_row], [code], [name] INTO [#fluentdata_seed] FROM [ref].[countries]");
        dialect.BuildSeedUpsert(seed).Statements.ShouldHaveSingleItem().ShouldBe((
            "DECLARE @written TABLE ([action] nvarchar(10)); MERGE [ref].[countries] WITH (HOLDLOCK) AS t USING (SELECT s.[code], s.[name] FROM [#fluentdata_seed] s " +
            "WHERE s.[fluentdata_row] > @after AND s.[fluentdata_row] <= @upto) AS s ON t.[code] = s.[code] " +
            "WHEN MATCHED AND (" + dialect.IsDistinct(Countries.Columns[0], "t.[code]", "s.[code]") + " OR " + dialect.IsDistinct(Countries.Columns[1], "t.[name]", "s.[name]") + ") " +
            "THEN UPDATE SET [code] = s.[code], [name] = s.[name] WHEN NOT MATCHED BY TARGET THEN INSERT ([code], [name]) VALUES (s.[code], s.[name]) OUTPUT $action INTO @written; " +
            "SELECT COUNT(CASE WHEN [action] = 'INSERT' THEN 1 END), COUNT(CASE WHEN [action] = 'UPDATE' THEN 1 END) FROM @written;",
            SeedUpsertCount.InsertedThenUpdated));
        dialect.BuildSeedDuplicates(seed).ShouldBe(
            "SELECT TOP (@limit) MIN(s.[fluentdata_row]), MAX(s.[fluentdata_row]) FROM [#fluentdata_seed] s GROUP BY s.[code] HAVING COUNT(*) > 1 ORDER BY 1");
        dialect.BuildSeedOtherKeys(seed).ShouldBe(
            "SELECT TOP (@limit) [code] FROM [ref].[countries] WHERE NOT EXISTS (SELECT 1 FROM [#fluentdata_seed] s WHERE [ref].[countries].[code] = s.[code]) ORDER BY [code]");
    }

    [Fact]
    public void SqlServer_restores_a_reversed_seed_from_its_undo_tables()
    {
        var dialect = new SqlServerDialect();
        var seed = Seed(dialect);

        dialect.BuildSeedRestore(seed, seed.Columns, Countries.Columns).ShouldBe(
        [
            "DELETE FROM [ref].[countries] WHERE EXISTS (SELECT 1 FROM [ref].[fluentdata_undo_7_1] u WHERE u.[fluentdata_change] = 'inserted' AND [ref].[countries].[code] = u.[code])",
            "UPDATE t SET [code] = u.[code], [name] = u.[name] FROM [ref].[countries] AS t JOIN [ref].[fluentdata_undo_7_1] AS u ON t.[code] = u.[code] WHERE u.[fluentdata_change] = 'updated'",
            "INSERT INTO [ref].[countries] ([code], [name], [population]) SELECT [code], [name], [population] FROM [ref].[fluentdata_undo_7_1_deleted] WHERE [fluentdata_change] = 'deleted'",
        ]);
        dialect.BuildSeedDeleteOthers(seed, Countries.Columns).ShouldBe(
        [
            "INSERT INTO [ref].[fluentdata_undo_7_1_deleted] ([fluentdata_change], [code], [name], [population]) SELECT 'deleted', [code], [name], [population] FROM [ref].[countries] " +
            "WHERE NOT EXISTS (SELECT 1 FROM [#fluentdata_seed] s WHERE [ref].[countries].[code] = s.[code])",
            "DELETE FROM [ref].[countries] WHERE NOT EXISTS (SELECT 1 FROM [#fluentdata_seed] s WHERE [ref].[countries].[code] = s.[code])",
        ]);
    }

    [Fact]
    public void A_reversed_seed_holds_other_writers_off_where_the_database_has_several()
    {
        new PostgresDialect().BuildHoldWrites(Countries.Name).ShouldBe("LOCK TABLE \"ref\".\"countries\" IN SHARE ROW EXCLUSIVE MODE");
        new SqlServerDialect().BuildHoldWrites(Countries.Name).ShouldBe("SELECT TOP (0) 1 FROM [ref].[countries] WITH (TABLOCK, HOLDLOCK)");
        new SqliteDialect().BuildHoldWrites(Countries.Name).ShouldBeNull();
    }

    [Fact]
    public void SqlServer_finds_the_unique_index_on_exactly_the_key_columns_in_its_catalog()
    {
        SqlServerDialect.UniqueKeyQuery.ShouldBe(
            "SELECT CASE WHEN EXISTS (SELECT 1 FROM sys.indexes i WHERE i.object_id = OBJECT_ID(@table) AND i.is_unique = 1 AND i.has_filter = 0 " +
            "AND (SELECT COUNT(*) FROM sys.index_columns ic WHERE ic.object_id = i.object_id AND ic.index_id = i.index_id AND ic.is_included_column = 0) = @count " +
            "AND NOT EXISTS (SELECT 1 FROM sys.index_columns ic JOIN sys.columns c ON c.object_id = ic.object_id AND c.column_id = ic.column_id " +
            "WHERE ic.object_id = i.object_id AND ic.index_id = i.index_id AND ic.is_included_column = 0 AND c.name NOT IN (SELECT value FROM STRING_SPLIT(@names, NCHAR(31))))) " +
            "THEN 1 ELSE 0 END");
    }

    [Fact]
    public void PostgreSQL_upserts_a_range_in_one_statement_that_counts_inserted_and_updated_rows()
    {
        var dialect = new PostgresDialect();
        var seed = Seed(dialect);

        dialect.BuildCreateLike(seed.Stage, Countries, seed.Columns, (SeedTables.RowColumn, "bigint")).ShouldBe(
            "CREATE TABLE \"pg_temp\".\"fluentdata_seed\" AS SELECT CAST(NULL AS bigint) AS \"fluentdata_row\", \"code\", \"name\" FROM \"ref\".\"countries\" WHERE 1 = 0");
        dialect.BuildSeedUpsert(seed).Statements.ShouldHaveSingleItem().Sql.ShouldBe(
            "WITH written AS (INSERT INTO \"ref\".\"countries\" AS t (\"code\", \"name\") SELECT s.\"code\", s.\"name\" FROM \"pg_temp\".\"fluentdata_seed\" s " +
            "WHERE s.\"fluentdata_row\" > @after AND s.\"fluentdata_row\" <= @upto ON CONFLICT (\"code\") DO UPDATE SET \"code\" = EXCLUDED.\"code\", \"name\" = EXCLUDED.\"name\" " +
            "WHERE (t.\"code\")::text COLLATE \"C\" IS DISTINCT FROM (EXCLUDED.\"code\")::text COLLATE \"C\" OR (t.\"name\")::text COLLATE \"C\" IS DISTINCT FROM (EXCLUDED.\"name\")::text COLLATE \"C\" " +
            "RETURNING (t.xmax = 0) AS inserted) SELECT COUNT(*) FILTER (WHERE inserted), COUNT(*) FILTER (WHERE NOT inserted) FROM written");
    }

    [Fact]
    public void SQLite_updates_the_rows_that_differ_then_inserts_the_rest_comparing_keys_in_the_unique_index_collation()
    {
        var dialect = new SqliteDialect();
        var seed = Seed(dialect, "NOCASE");

        dialect.BuildSeedUpsert(seed).Statements.ShouldBe(
        [
            ("UPDATE \"ref\".\"countries\" AS t SET \"code\" = s.\"code\", \"name\" = s.\"name\" FROM \"temp\".\"fluentdata_seed\" AS s " +
             "WHERE t.\"code\" = s.\"code\" COLLATE \"NOCASE\" AND s.\"fluentdata_row\" > @after AND s.\"fluentdata_row\" <= @upto " +
             "AND (t.\"code\" IS NOT s.\"code\" COLLATE BINARY OR t.\"name\" IS NOT s.\"name\" COLLATE BINARY)", SeedUpsertCount.Updated),
            ("INSERT INTO \"ref\".\"countries\" (\"code\", \"name\") SELECT s.\"code\", s.\"name\" FROM \"temp\".\"fluentdata_seed\" AS s " +
             "WHERE s.\"fluentdata_row\" > @after AND s.\"fluentdata_row\" <= @upto ON CONFLICT (\"code\") DO NOTHING", SeedUpsertCount.Inserted),
        ]);
        dialect.BuildSeedDuplicates(seed).ShouldBe(
            "SELECT MIN(s.\"fluentdata_row\"), MAX(s.\"fluentdata_row\") FROM \"temp\".\"fluentdata_seed\" s GROUP BY s.\"code\" COLLATE \"NOCASE\" HAVING COUNT(*) > 1 ORDER BY 1 LIMIT @limit");
    }
}
