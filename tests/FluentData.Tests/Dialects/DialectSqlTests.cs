using FluentData.Dialects;
using FluentData.Dialects.Sqlite;
using FluentData.Postgres;
using FluentData.SqlServer;

namespace FluentData.Tests.Dialects;

/// <summary>The exact SQL each dialect produces. For SQL Server this is all the testing there is: no server runs here.</summary>
public sealed class DialectSqlTests
{
    private static readonly TableSchema People = new(new TableName(null, "people"),
    [
        new ColumnSchema("id", "bigint", typeof(long), false, null, IsKey: true) { KeyPosition = 1, Kind = ValueKind.Integer },
        new ColumnSchema("email", "character varying", typeof(string), true, 320, IsKey: false) { SqlType = "character varying(320)", Kind = ValueKind.Text },
        new ColumnSchema("full name", "text", typeof(string), true, null, IsKey: false) { Kind = ValueKind.Text },
    ]);

    private static readonly TableSchema SalesOrders = new(new TableName("sales", "orders"),
    [
        new ColumnSchema("order_id", "int", typeof(int), false, null, IsKey: true) { KeyPosition = 1, Kind = ValueKind.Integer },
        new ColumnSchema("status", "nvarchar", typeof(string), true, 20, IsKey: false) { SqlType = "nvarchar(20)", Kind = ValueKind.Text },
    ]);

    /// <summary>A copy's target: a bigint and a varchar(20), the second sent as text to PostgreSQL only when its type needs parsing (it does not).</summary>
    private static readonly TableSchema Phones = new(new TableName(null, "phones"),
    [
        new ColumnSchema("customer_id", "bigint", typeof(long), false, null, IsKey: false) { Kind = ValueKind.Integer },
        new ColumnSchema("number", "character varying", typeof(string), false, 20, IsKey: false) { SqlType = "varchar(20)", Kind = ValueKind.Text },
    ]);

    /// <summary>A legacy SQL Server table: ntext and xml, which SQL Server cannot compare, and a rowversion, which no one may insert.</summary>
    private static readonly TableSchema Legacy = new(new TableName("dbo", "legacy"),
    [
        new ColumnSchema("id", "bigint", typeof(long), false, null, IsKey: true) { KeyPosition = 1, Kind = ValueKind.Integer },
        new ColumnSchema("quantity", "int", typeof(int), true, null, IsKey: false) { Kind = ValueKind.Integer },
        new ColumnSchema("notes", "ntext", typeof(string), true, null, IsKey: false) { Kind = ValueKind.Text },
        new ColumnSchema("doc", "xml", typeof(string), true, null, IsKey: false) { Kind = ValueKind.Parsed },
        new ColumnSchema("version", "timestamp", typeof(byte[]), false, null, IsKey: false) { Kind = ValueKind.Parsed, IsGenerated = true },
    ]);

    /// <summary>A join table keyed by two columns, the second a varchar under the column's own collation.</summary>
    private static readonly TableSchema PlaylistTrack = new(new TableName(null, "PlaylistTrack"),
    [
        new ColumnSchema("PlaylistId", "integer", typeof(int), false, null, IsKey: true) { KeyPosition = 1, Kind = ValueKind.Integer },
        new ColumnSchema("Code", "varchar", typeof(string), false, 10, IsKey: true) { KeyPosition = 2, SqlType = "varchar(10)", Kind = ValueKind.Text },
        new ColumnSchema("Note", "text", typeof(string), true, null, IsKey: false) { Kind = ValueKind.Text },
    ]);

    [Fact]
    public void SqlServer_reads_a_batch_with_TOP_after_the_last_key()
    {
        new SqlServerDialect().BuildSelectBatch(People, People.Columns, "email IS NOT NULL", afterKey: true).ShouldBe(
            "SELECT TOP (@limit) [id], [email], [full name] FROM [people] WHERE (email IS NOT NULL) AND [id] > CAST(@after0 AS bigint) ORDER BY [people].[id]");
    }

    [Fact]
    public void SqlServer_reads_the_first_batch_without_a_key_condition()
    {
        new SqlServerDialect().BuildSelectBatch(SalesOrders, SalesOrders.Columns, null, afterKey: false).ShouldBe(
            "SELECT TOP (@limit) [order_id], [status] FROM [sales].[orders] ORDER BY [sales].[orders].[order_id]");
    }

    [Fact]
    public void SqlServer_writes_a_batch_as_one_UPDATE_joined_to_VALUES_within_the_key_range_where_the_columns_read_are_unchanged()
    {
        var status = SalesOrders.Columns[1];
        new SqlServerDialect().BuildUpdateFromValues(SalesOrders, [status], [status], rows: 2).ShouldBe(
            "DECLARE @written TABLE ([i] int NOT NULL); " +
            "UPDATE t SET t.[status] = v.[c0] OUTPUT v.[i] INTO @written " +
            "FROM [sales].[orders] AS t " +
            "INNER JOIN (VALUES (CAST(@k0_0 AS int), @c0_0, @g0_0, 0), " +
            "(CAST(@k0_1 AS int), @c0_1, @g0_1, 1)) AS v([k0], [c0], [g0], [i]) ON t.[order_id] = v.[k0] " +
            "WHERE t.[order_id] BETWEEN CAST(@first0 AS int) AND CAST(@last0 AS int) " +
            "AND NOT (NOT EXISTS (SELECT CAST(t.[status] AS nvarchar(max)) COLLATE Latin1_General_BIN2, DATALENGTH(CAST(t.[status] AS nvarchar(max))) " +
            "INTERSECT SELECT CAST(v.[g0] AS nvarchar(max)) COLLATE Latin1_General_BIN2, DATALENGTH(CAST(v.[g0] AS nvarchar(max))))); " +
            "SELECT [i] FROM @written");
    }

    [Fact]
    public void SqlServer_stages_a_big_batch_in_a_temp_table_typed_like_the_table_and_joins_it_within_the_key_range()
    {
        var dialect = new SqlServerDialect();
        var targets = new[] { Legacy.Columns[1] };
        var guards = new[] { Legacy.Columns[1], Legacy.Columns[2], Legacy.Columns[3], Legacy.Columns[4] };

        dialect.BuildCreateStaging(Legacy, targets, guards, "#fluentdata_1").ShouldBe(
            "SELECT TOP (0) t.[id] AS [k0], t.[quantity] AS [c0], t.[quantity] AS [g0], t.[notes] AS [g1], t.[doc] AS [g2], CAST(t.[version] AS binary(8)) AS [g3], " +
            "CAST(0 AS int) AS [i] INTO [#fluentdata_1] FROM [dbo].[legacy] AS t");
        dialect.BuildClearStaging("#fluentdata_1").ShouldBe("TRUNCATE TABLE [#fluentdata_1]");
        dialect.BuildDropStaging("#fluentdata_1").ShouldBe("DROP TABLE [#fluentdata_1]");
        dialect.BuildUpdateFromStaging(Legacy, targets, guards, "#fluentdata_1").ShouldBe(
            "DECLARE @written TABLE ([i] int NOT NULL); " +
            "UPDATE t SET t.[quantity] = s.[c0] OUTPUT s.[i] INTO @written FROM [dbo].[legacy] AS t " +
            "INNER JOIN [#fluentdata_1] AS s ON t.[id] = s.[k0] WHERE t.[id] BETWEEN CAST(@first0 AS bigint) AND CAST(@last0 AS bigint) " +
            "AND NOT (NOT EXISTS (SELECT t.[quantity] INTERSECT SELECT s.[g0])) " +
            "AND NOT (NOT EXISTS (SELECT CAST(t.[notes] AS nvarchar(max)) COLLATE Latin1_General_BIN2, DATALENGTH(CAST(t.[notes] AS nvarchar(max))) " +
            "INTERSECT SELECT CAST(s.[g1] AS nvarchar(max)) COLLATE Latin1_General_BIN2, DATALENGTH(CAST(s.[g1] AS nvarchar(max))))) " +
            "AND NOT (NOT EXISTS (SELECT CAST(t.[doc] AS nvarchar(max)) COLLATE Latin1_General_BIN2, DATALENGTH(CAST(t.[doc] AS nvarchar(max))) " +
            "INTERSECT SELECT CAST(s.[g2] AS nvarchar(max)) COLLATE Latin1_General_BIN2, DATALENGTH(CAST(s.[g2] AS nvarchar(max))))) " +
            "AND NOT (NOT EXISTS (SELECT t.[version] INTERSECT SELECT s.[g3])); " +
            "SELECT [i] FROM @written");
    }

    /// <summary>
    /// '=' says equal for values stored differently: a varchar of a Cyrillic code page under a
    /// Latin1 binary collation ('?' = '?'), the same instant at another offset, 0 and -0.
    /// </summary>
    [Theory]
    [InlineData("varchar", "varchar(40)", nameof(ValueKind.Text),
        "NOT EXISTS (SELECT CAST(t.[c] AS nvarchar(max)) COLLATE Latin1_General_BIN2, DATALENGTH(CAST(t.[c] AS nvarchar(max))) " +
        "INTERSECT SELECT CAST(v.[g0] AS nvarchar(max)) COLLATE Latin1_General_BIN2, DATALENGTH(CAST(v.[g0] AS nvarchar(max))))")]
    [InlineData("datetimeoffset", "datetimeoffset(3)", nameof(ValueKind.TimestampOffset),
        "NOT EXISTS (SELECT CAST(CAST(t.[c] AS datetimeoffset(3)) AS varbinary(max)) INTERSECT SELECT CAST(CAST(v.[g0] AS datetimeoffset(3)) AS varbinary(max)))")]
    [InlineData("float", "float", nameof(ValueKind.Double),
        "NOT EXISTS (SELECT CAST(CAST(t.[c] AS float) AS varbinary(max)) INTERSECT SELECT CAST(CAST(v.[g0] AS float) AS varbinary(max)))")]
    [InlineData("int", "int", nameof(ValueKind.Integer), "NOT EXISTS (SELECT t.[c] INTERSECT SELECT v.[g0])")]
    public void SqlServer_compares_what_is_stored_not_what_equals(string type, string sqlType, string kind, string comparison)
    {
        var column = new ColumnSchema("c", type, typeof(object), true, null, IsKey: false) { SqlType = sqlType, Kind = Enum.Parse<ValueKind>(kind) };

        new SqlServerDialect().IsDistinct(column, "t.[c]", "v.[g0]").ShouldBe(comparison);
    }

    [Fact]
    public void SqlServer_sends_text_read_back_as_the_nvarchar_it_was_read_as()
    {
        var code = new ColumnSchema("code", "varchar", typeof(string), true, 10, IsKey: false) { SqlType = "varchar(10)", Kind = ValueKind.Text, TextLength = TextLength.SingleByte };

        new SqlServerDialect().GuardParameter("@g0_0", code).ShouldBe("@g0_0");
        SqlServerDialect.GuardDbType(code).ShouldBe(System.Data.DbType.String);
        SqlServerTypes.DbTypeOf(code).ShouldBe(System.Data.DbType.AnsiString);
    }

    [Fact]
    public void SqlServer_purges_a_key_range_of_the_rows_the_filter_selects()
    {
        new SqlServerDialect().BuildRangeDelete(SalesOrders, "status = N'X'", afterKey: true).ShouldBe(
            "DELETE FROM [sales].[orders] WHERE (status = N'X') AND [order_id] > CAST(@after0 AS int) AND [order_id] <= CAST(@upto0 AS int)");
        new SqlServerDialect().BuildRangeDelete(SalesOrders, null, afterKey: false).ShouldBe(
            "DELETE FROM [sales].[orders] WHERE [order_id] <= CAST(@upto0 AS int)");
        new SqlServerDialect().BuildRangeArchive(SalesOrders, new TableName("sales", "orders_archive"), SalesOrders.Columns, "status = N'X'", afterKey: true).ShouldBe(
        [
            "DELETE FROM [sales].[orders] OUTPUT deleted.[order_id], deleted.[status] INTO [sales].[orders_archive] ([order_id], [status]) " +
            "WHERE (status = N'X') AND [order_id] > CAST(@after0 AS int) AND [order_id] <= CAST(@upto0 AS int)",
        ]);
    }

    [Fact]
    public void SqlServer_copies_a_key_range_with_SQL_columns_and_inserts_a_mapping_s_rows_as_typed_VALUES_lists()
    {
        var archive = new TableName("sales", "orders_archive");
        new SqlServerDialect().BuildRangeCopy(SalesOrders, archive, [(SalesOrders.Columns[0], "order_id"), (SalesOrders.Columns[1], "UPPER(status)")], "status <> N'X'", afterKey: true).ShouldBe(
            "INSERT INTO [sales].[orders_archive] ([order_id], [status]) SELECT (order_id), (UPPER(status)) FROM [sales].[orders] " +
            "WHERE (status <> N'X') AND [order_id] > CAST(@after0 AS int) AND [order_id] <= CAST(@upto0 AS int)");
        new SqlServerDialect().BuildInsertValues(archive, SalesOrders.Columns, rows: 2).ShouldBe(
            "INSERT INTO [sales].[orders_archive] ([order_id], [status]) VALUES (@v0_0, @v1_0), (@v0_1, @v1_1)");
    }

    [Fact]
    public void Sqlite_and_PostgreSQL_insert_a_mapping_s_rows_one_prepared_row_at_a_time_and_as_typed_arrays()
    {
        new SqliteDialect().BuildInsertRow(new TableName(null, "phones"), Phones.Columns).ShouldBe(
            "INSERT INTO \"phones\" (\"customer_id\", \"number\") VALUES (@v0, @v1)");
        new PostgresDialect().BuildInsertFromArrays(new TableName("public", "phones"), Phones.Columns).ShouldBe(
            "INSERT INTO \"public\".\"phones\" (\"customer_id\", \"number\") SELECT v.c0, v.c1 FROM unnest(@c0::bigint[], @c1::varchar(20)[]) AS v(c0, c1)");
    }

    [Fact]
    public void SqlServer_sends_a_rowversion_read_as_the_binary_it_is()
    {
        new SqlServerDialect().BuildUpdateFromValues(Legacy, [Legacy.Columns[1]], [Legacy.Columns[4]], rows: 1).ShouldContain(
            "(VALUES (CAST(@k0_0 AS bigint), @c0_0, CAST(@g0_0 AS binary(8)), 0)) AS v([k0], [c0], [g0], [i])");
    }

    [Theory]
    [InlineData(1, 1_000)]
    [InlineData(2, 699)]
    [InlineData(9, 209)]
    public void SqlServer_keeps_each_statement_under_2100_parameters_and_1000_rows(int targets, int rows)
    {
        SqlServerDialect.RowsPerStatement(1, targets).ShouldBe(rows);
        ((rows * (1 + targets)) + 2).ShouldBeLessThanOrEqualTo(2_100);
    }

    [Fact]
    public void SqlServer_quotes_brackets_inside_identifiers()
    {
        new SqlServerDialect().Quote("odd]name").ShouldBe("[odd]]name]");
    }

    [Fact]
    public void SqlServer_reads_the_catalog_for_the_quoted_table_name_as_a_parameter()
    {
        SqlServerDialect.SchemaQuery.ShouldContain("WHERE c.object_id = OBJECT_ID(@table, N'U')");
        SqlServerDialect.SchemaQuery.ShouldContain("i.is_primary_key = 1");
        SqlServerDialect.SchemaQuery.ShouldContain("i.is_unique = 1 AND i.has_filter = 0 AND i.is_disabled = 0");
    }

    [Fact]
    public void SqlServer_takes_a_session_application_lock_without_waiting_inside_the_server()
    {
        SqlServerAppLock.TryLockSql.ShouldBe("""
            DECLARE @result int;
            EXEC @result = sp_getapplock @Resource = @resource, @LockMode = N'Exclusive', @LockOwner = N'Session', @LockTimeout = 0;
            SELECT @result;
            """);
        SqlServerAppLock.ReleaseSql.ShouldBe("EXEC sp_releaseapplock @Resource = @resource, @LockOwner = N'Session';");
        SqlServerAppLock.Resource.ShouldBe("FluentData.Migrations");
    }

    [Fact]
    public void SqlServer_creates_the_checkpoint_table_only_when_missing()
    {
        new SqlServerDialect().BuildCreateCheckpointTable(new TableName("ops", "FluentDataCheckpoints")).ShouldBe(
            "IF OBJECT_ID(N'[ops].[FluentDataCheckpoints]', N'U') IS NULL CREATE TABLE [ops].[FluentDataCheckpoints] (" +
            "[version] bigint NOT NULL, [step] integer NOT NULL, [fingerprint] nvarchar(64) NOT NULL, [completed] integer NOT NULL, " +
            "[last_key] nvarchar(400) NULL, [rows_done] bigint NOT NULL, [updated_at] nvarchar(40) NOT NULL, [state] nvarchar(max) NULL, PRIMARY KEY ([version], [step]))");
    }

    [Fact]
    public void SqlServer_goes_with_FluentMigrators_SqlServer_processors_only()
    {
        new SqlServerDialect().HandlesProcessor("SqlServer2016").ShouldBeTrue();
        new SqlServerDialect().HandlesProcessor("PostgreSQL15_0").ShouldBeFalse();
    }

    [Fact]
    public void Postgres_takes_a_two_key_advisory_lock_it_can_find_again_in_pg_locks()
    {
        PostgresAdvisoryLock.TryLockSql.ShouldBe("SELECT pg_try_advisory_lock(@class, @object)");
        PostgresAdvisoryLock.HolderSql.ShouldContain("l.locktype = 'advisory' AND l.granted AND l.classid = @class AND l.objid = @object AND l.objsubid = 2");
    }

    [Fact]
    public void SqlServer_finds_the_end_of_a_key_range_with_OFFSET_FETCH()
    {
        new SqlServerDialect().BuildRangeEnd(SalesOrders, "status <> N'x'", afterKey: true).ShouldBe(
            "SELECT [order_id] FROM [sales].[orders] WHERE (status <> N'x') AND [order_id] > CAST(@after0 AS int) ORDER BY [sales].[orders].[order_id] OFFSET @offset ROWS FETCH NEXT 1 ROWS ONLY");
    }

    [Fact]
    public void Every_dialect_updates_a_key_range_with_the_SQL_value()
    {
        new SqlServerDialect().BuildRangeUpdate(SalesOrders, [(SalesOrders.Columns[1], "UPPER(status)")], null, afterKey: true).ShouldBe(
            "UPDATE [sales].[orders] SET [status] = (UPPER(status)) WHERE [order_id] > CAST(@after0 AS int) AND [order_id] <= CAST(@upto0 AS int)");
        new PostgresDialect().BuildRangeUpdate(People, [(People.Columns[1], "lower(email)")], "email IS NOT NULL", afterKey: false).ShouldBe(
            "UPDATE \"people\" SET \"email\" = (lower(email)) WHERE (email IS NOT NULL) AND \"id\" <= CAST(@upto0 AS bigint)");
        new SqliteDialect().BuildRangeLast(People, null, afterKey: true).ShouldBe(
            "SELECT \"id\" FROM \"people\" WHERE \"id\" > @after0 ORDER BY \"people\".\"id\" DESC LIMIT @limit");
        new SqliteDialect().BuildRangeEnd(People, null, afterKey: false).ShouldBe(
            "SELECT \"id\" FROM \"people\" ORDER BY \"people\".\"id\" LIMIT 1 OFFSET @offset");
    }

    [Fact]
    public void Verify_counts_and_samples_offending_keys_in_each_dialect()
    {
        new SqlServerDialect().BuildFindKeys(SalesOrders, "[status] IS NULL").ShouldBe(
            "SELECT TOP (@limit) [order_id] FROM [sales].[orders] WHERE ([status] IS NULL) ORDER BY [sales].[orders].[order_id]");
        new PostgresDialect().BuildFindKeys(People, "\"email\" IS NULL").ShouldBe(
            "SELECT \"id\" FROM \"people\" WHERE (\"email\" IS NULL) ORDER BY \"people\".\"id\" LIMIT @limit");
        new SqlServerDialect().BuildCount(SalesOrders, null).ShouldBe("SELECT COUNT(*) FROM [sales].[orders]");
    }

    [Fact]
    public void Postgres_reads_a_batch_with_LIMIT_after_the_last_key()
    {
        new PostgresDialect().BuildSelectBatch(SalesOrders, SalesOrders.Columns, "status <> 'x'", afterKey: true).ShouldBe(
            "SELECT \"order_id\", \"status\" FROM \"sales\".\"orders\" WHERE (status <> 'x') AND \"order_id\" > CAST(@after0 AS int) ORDER BY \"sales\".\"orders\".\"order_id\" LIMIT @limit");
    }

    [Fact]
    public void Postgres_writes_a_batch_from_typed_arrays_within_the_key_range_where_each_row_is_the_version_read()
    {
        new PostgresDialect().BuildUpdateFromArrays(People, [People.Columns[1], People.Columns[2]]).ShouldBe(
            "UPDATE \"people\" AS t SET \"email\" = v.c0, \"full name\" = v.c1 " +
            "FROM unnest(@k0::bigint[], @c0::character varying(320)[], @c1::text[], @g::xid[]) AS v(k0, c0, c1, g) " +
            "WHERE t.\"id\" = v.k0 AND t.xmin = v.g AND t.\"id\" BETWEEN CAST(@first0 AS bigint) AND CAST(@last0 AS bigint)");
        new PostgresDialect().BuildWrittenRows(People).ShouldBe(
            "SELECT v.i FROM unnest(@k0::bigint[]) WITH ORDINALITY AS v(k0, i) JOIN \"people\" AS t ON t.\"id\" = v.k0 " +
            "WHERE t.xmin::text::bigint = txid_current() % 4294967296");
    }

    [Fact]
    public void Every_dialect_orders_by_the_key_named_with_its_table_so_a_column_read_as_text_does_not_change_the_order()
    {
        var text = new TableSchema(new TableName("public", "users"),
        [
            new ColumnSchema("name", "citext", typeof(string), false, null, IsKey: true, ReadAsText: true) { KeyPosition = 1, Kind = ValueKind.Text },
        ]);

        new PostgresDialect().BuildSelectBatch(text, text.Columns, null, afterKey: true).ShouldBe(
            "SELECT \"name\"::text AS \"name\" FROM \"public\".\"users\" WHERE \"name\" > CAST(@after0 AS citext) ORDER BY \"public\".\"users\".\"name\" LIMIT @limit");
    }

    [Fact]
    public void Postgres_and_SQLite_double_quotes_inside_identifiers()
    {
        new PostgresDialect().Quote("a\"b").ShouldBe("\"a\"\"b\"");
        new SqliteDialect().Quote("a\"b").ShouldBe("\"a\"\"b\"");
    }

    [Fact]
    public void Sqlite_writes_with_one_prepared_statement_per_row_where_the_columns_read_are_unchanged_as_stored()
    {
        new SqliteDialect().BuildUpdateRow(People, [People.Columns[1]], [People.Columns[1], People.Columns[2]]).ShouldBe(
            "UPDATE \"people\" SET \"email\" = @v0 WHERE \"id\" = @key0 " +
            "AND NOT (\"email\" IS NOT @g0 COLLATE BINARY) AND NOT (\"full name\" IS NOT @g1 COLLATE BINARY)");
    }

    [Theory]
    [InlineData("INTEGER", typeof(long))]
    [InlineData("BIGINT", typeof(long))]
    [InlineData("VARCHAR(320)", typeof(string))]
    [InlineData("TEXT", typeof(string))]
    [InlineData("REAL", typeof(double))]
    [InlineData("NUMERIC(10,2)", typeof(decimal))]
    [InlineData("DATETIME", typeof(DateTime))]
    [InlineData("UNIQUEIDENTIFIER", typeof(Guid))]
    [InlineData("BLOB", typeof(object))]
    [InlineData("", typeof(object))]
    public void Sqlite_maps_declared_types_by_affinity(string declared, Type expected)
    {
        SqliteDialect.ClrTypeOf(declared).ShouldBe(expected);
    }

    [Fact]
    public void Sqlite_holds_text_to_a_declared_length()
    {
        SqliteDialect.MaxLengthOf("VARCHAR(320)").ShouldBe(320);
        SqliteDialect.MaxLengthOf("TEXT").ShouldBeNull();
        SqliteDialect.MaxLengthOf("DECIMAL(10,2)").ShouldBeNull();
    }

    [Fact]
    public void Postgres_compares_a_composite_key_as_a_row_value_in_each_columns_own_type()
    {
        new PostgresDialect().BuildSelectBatch(PlaylistTrack, PlaylistTrack.Columns, null, afterKey: true).ShouldBe(
            "SELECT \"PlaylistId\", \"Code\", \"Note\" FROM \"PlaylistTrack\" " +
            "WHERE (\"PlaylistId\", \"Code\") > (CAST(@after0 AS integer), CAST(@after1 AS varchar(10))) ORDER BY \"PlaylistTrack\".\"PlaylistId\", \"PlaylistTrack\".\"Code\" LIMIT @limit");
        new PostgresDialect().BuildRangeUpdate(PlaylistTrack, [(PlaylistTrack.Columns[2], "upper(\"Note\")")], null, afterKey: true).ShouldBe(
            "UPDATE \"PlaylistTrack\" SET \"Note\" = (upper(\"Note\")) " +
            "WHERE (\"PlaylistId\", \"Code\") > (CAST(@after0 AS integer), CAST(@after1 AS varchar(10))) " +
            "AND (\"PlaylistId\", \"Code\") <= (CAST(@upto0 AS integer), CAST(@upto1 AS varchar(10)))");
    }

    [Fact]
    public void Postgres_writes_a_composite_key_batch_from_one_array_per_key_column()
    {
        new PostgresDialect().BuildUpdateFromArrays(PlaylistTrack, [PlaylistTrack.Columns[2]]).ShouldBe(
            "UPDATE \"PlaylistTrack\" AS t SET \"Note\" = v.c0 FROM unnest(@k0::integer[], @k1::varchar(10)[], @c0::text[], @g::xid[]) AS v(k0, k1, c0, g) " +
            "WHERE t.\"PlaylistId\" = v.k0 AND t.\"Code\" = v.k1 AND t.xmin = v.g " +
            "AND (t.\"PlaylistId\", t.\"Code\") >= (CAST(@first0 AS integer), CAST(@first1 AS varchar(10))) " +
            "AND (t.\"PlaylistId\", t.\"Code\") <= (CAST(@last0 AS integer), CAST(@last1 AS varchar(10)))");
    }

    [Fact]
    public void Sqlite_compares_a_composite_key_as_a_row_value()
    {
        new SqliteDialect().BuildSelectBatch(PlaylistTrack, PlaylistTrack.Columns, null, afterKey: true).ShouldBe(
            "SELECT \"PlaylistId\", \"Code\", \"Note\" FROM \"PlaylistTrack\" WHERE (\"PlaylistId\", \"Code\") > (@after0, @after1) ORDER BY \"PlaylistTrack\".\"PlaylistId\", \"PlaylistTrack\".\"Code\" LIMIT @limit");
        new SqliteDialect().BuildUpdateRow(PlaylistTrack, [PlaylistTrack.Columns[2]], [PlaylistTrack.Columns[2]]).ShouldBe(
            "UPDATE \"PlaylistTrack\" SET \"Note\" = @v0 WHERE \"PlaylistId\" = @key0 AND \"Code\" = @key1 AND NOT (\"Note\" IS NOT @g0 COLLATE BINARY)");
    }

    [Fact]
    public void SqlServer_expands_a_composite_key_comparison_so_it_still_seeks_and_casts_varchar_keys_to_their_own_type()
    {
        new SqlServerDialect().BuildSelectBatch(PlaylistTrack, PlaylistTrack.Columns, null, afterKey: true).ShouldBe(
            "SELECT TOP (@limit) [PlaylistId], [Code], [Note] FROM [PlaylistTrack] " +
            "WHERE ([PlaylistId] >= CAST(@after0 AS integer) AND ([PlaylistId] > CAST(@after0 AS integer) OR [Code] > CAST(@after1 AS varchar(10)))) " +
            "ORDER BY [PlaylistTrack].[PlaylistId], [PlaylistTrack].[Code]");
        new SqlServerDialect().BuildRangeUpdate(PlaylistTrack, [(PlaylistTrack.Columns[2], "UPPER([Note])")], null, afterKey: true).ShouldBe(
            "UPDATE [PlaylistTrack] SET [Note] = (UPPER([Note])) " +
            "WHERE ([PlaylistId] >= CAST(@after0 AS integer) AND ([PlaylistId] > CAST(@after0 AS integer) OR [Code] > CAST(@after1 AS varchar(10)))) " +
            "AND ([PlaylistId] <= CAST(@upto0 AS integer) AND ([PlaylistId] < CAST(@upto0 AS integer) OR [Code] <= CAST(@upto1 AS varchar(10))))");
        new SqlServerDialect().BuildRangeLast(PlaylistTrack, null, afterKey: false).ShouldBe(
            "SELECT TOP (@limit) [PlaylistId], [Code] FROM [PlaylistTrack] ORDER BY [PlaylistTrack].[PlaylistId] DESC, [PlaylistTrack].[Code] DESC");
        new SqlServerDialect().BuildKeyUpdate(PlaylistTrack, [(PlaylistTrack.Columns[2], "NULL")]).ShouldBe(
            "UPDATE [PlaylistTrack] SET [Note] = (NULL) WHERE [PlaylistId] = CAST(@key0 AS integer) AND [Code] = CAST(@key1 AS varchar(10))");
    }

    [Fact]
    public void SqlServer_writes_a_composite_key_batch_joined_on_every_key_column_with_keys_cast_to_their_types()
    {
        var dialect = new SqlServerDialect();
        dialect.BuildUpdateFromValues(PlaylistTrack, [PlaylistTrack.Columns[2]], [], rows: 2).ShouldBe(
            "DECLARE @written TABLE ([i] int NOT NULL); UPDATE t SET t.[Note] = v.[c0] OUTPUT v.[i] INTO @written FROM [PlaylistTrack] AS t " +
            "INNER JOIN (VALUES (CAST(@k0_0 AS integer), CAST(@k1_0 AS varchar(10)), @c0_0, 0), (CAST(@k0_1 AS integer), CAST(@k1_1 AS varchar(10)), @c0_1, 1)) AS v([k0], [k1], [c0], [i]) " +
            "ON t.[PlaylistId] = v.[k0] AND t.[Code] = v.[k1] " +
            "WHERE (t.[PlaylistId] >= CAST(@first0 AS integer) AND (t.[PlaylistId] > CAST(@first0 AS integer) OR t.[Code] >= CAST(@first1 AS varchar(10)))) " +
            "AND (t.[PlaylistId] <= CAST(@last0 AS integer) AND (t.[PlaylistId] < CAST(@last0 AS integer) OR t.[Code] <= CAST(@last1 AS varchar(10)))); " +
            "SELECT [i] FROM @written");
        dialect.BuildUpdateFromStaging(PlaylistTrack, [PlaylistTrack.Columns[2]], [], "#s").ShouldContain("INNER JOIN [#s] AS s ON t.[PlaylistId] = s.[k0] AND t.[Code] = s.[k1] WHERE");
        SqlServerDialect.RowsPerStatement(2, 1).ShouldBe(698);
    }
}
