using System.Data;
using FluentData.Dialects;
using FluentData.SqlServer;

namespace FluentData.Tests.Dialects;

/// <summary>
/// SQL Server's types as FluentData reads its catalog, checks values and sends parameters. No
/// server runs here: these test the descriptions, checks and SQL text, not a server's behaviour.
/// </summary>
public sealed class SqlServerTypeTests
{
    private static ColumnSchema Column(string type, string fullType, int? maxLength = null, int? precision = null, int? scale = null, string? collation = null, Type? clr = null, bool key = false) =>
        SqlServerTypes.Describe(new CatalogColumn("c", type, fullType, Nullable: true, maxLength, key ? 1 : null, precision, scale, null, null, collation), clr ?? typeof(string));

    private static string? Check(ColumnSchema column, object? value) => new SqlServerDialect().CheckValue(column, ref value);

    [Fact]
    public void Nvarchar_counts_UTF16_units_and_varchar_allows_only_ASCII_unless_its_collation_is_UTF8()
    {
        var nvarchar = Column("nvarchar", "nvarchar(2)", maxLength: 2);
        var varchar = Column("varchar", "varchar(2)", maxLength: 2, collation: "SQL_Latin1_General_CP1_CI_AS");
        var utf8 = Column("varchar", "varchar(2)", maxLength: 2, collation: "Latin1_General_100_CI_AS_SC_UTF8");

        Check(nvarchar, "😀").ShouldBeNull();
        Check(nvarchar, "😀a").ShouldBe("it is 3 UTF-16 code units long and the column holds at most 2");
        Check(varchar, "ab").ShouldBeNull();
        Check(varchar, "é").ShouldNotBeNull().ShouldContain("beyond ASCII");
        Check(utf8, "é").ShouldBeNull();
        Check(utf8, "éé").ShouldBe("it is 4 bytes of UTF-8 long and the column holds at most 2");
    }

    [Fact]
    public void Char_n_is_padded_as_SQL_Server_stores_it()
    {
        object? value = "DE";
        new SqlServerDialect().CheckValue(Column("nchar", "nchar(3)", maxLength: 3), ref value).ShouldBeNull();
        value.ShouldBe("DE ");
    }

    [Fact]
    public void Decimals_times_and_floats_are_refused_where_SQL_Server_would_round_or_cannot_store_them()
    {
        Check(Column("decimal", "decimal(10,2)", precision: 10, scale: 2, clr: typeof(decimal)), 1.005m).ShouldNotBeNull().ShouldContain("more than 2 digits after the point");
        Check(Column("decimal", "decimal(4,2)", precision: 4, scale: 2, clr: typeof(decimal)), 123m).ShouldNotBeNull().ShouldContain("more than 2 digits before the point");
        Check(Column("datetime2", "datetime2(3)", precision: 3, clr: typeof(DateTime)), new DateTime(2026, 1, 1, 0, 0, 0, 1).AddTicks(1)).ShouldNotBeNull().ShouldContain("more than 3 fractional-second digits");
        Check(Column("datetime", "datetime", clr: typeof(DateTime)), new DateTime(2026, 1, 1, 0, 0, 0, 1)).ShouldNotBeNull().ShouldContain("1/300 of a second");
        Check(Column("datetime", "datetime", clr: typeof(DateTime)), new DateTime(2026, 1, 1, 0, 0, 0, 10)).ShouldBeNull();
        Check(Column("float", "float", clr: typeof(double)), double.NaN).ShouldNotBeNull().ShouldContain("no NaN");
    }

    [Fact]
    public void A_datetimeoffset_takes_an_offset_or_a_UTC_time_and_refuses_a_time_without_one()
    {
        var column = Column("datetimeoffset", "datetimeoffset(7)", precision: 7, clr: typeof(DateTimeOffset));
        object? utc = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        new SqlServerDialect().CheckValue(column, ref utc).ShouldBeNull();
        utc.ShouldBe(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Check(column, new DateTime(2026, 1, 1)).ShouldNotBeNull().ShouldContain("keeps an offset");
        Check(column, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(2))).ShouldBeNull();
    }

    [Fact]
    public void Uniqueidentifier_varbinary_and_bit_take_their_own_types()
    {
        Check(Column("uniqueidentifier", "uniqueidentifier", clr: typeof(Guid)), Guid.NewGuid()).ShouldBeNull();
        Check(Column("uniqueidentifier", "uniqueidentifier", clr: typeof(Guid)), "not a guid").ShouldNotBeNull();
        Check(Column("varbinary", "varbinary(2)", maxLength: 2, clr: typeof(byte[])), new byte[3]).ShouldBe("it is 3 bytes long and the column holds at most 2");
        Check(Column("bit", "bit", clr: typeof(bool)), true).ShouldBeNull();
        Check(Column("bit", "bit", clr: typeof(bool)), 1).ShouldNotBeNull();
    }

    [Theory]
    [InlineData("varchar", "varchar(20)", DbType.AnsiString)]
    [InlineData("nvarchar", "nvarchar(20)", DbType.String)]
    [InlineData("datetime2", "datetime2(7)", DbType.DateTime2)]
    [InlineData("datetime", "datetime", DbType.DateTime)]
    [InlineData("datetimeoffset", "datetimeoffset(7)", DbType.DateTimeOffset)]
    [InlineData("uniqueidentifier", "uniqueidentifier", DbType.Guid)]
    [InlineData("varbinary", "varbinary(16)", DbType.Binary)]
    [InlineData("bit", "bit", DbType.Boolean)]
    [InlineData("decimal", "decimal(10,2)", DbType.Decimal)]
    public void Parameters_are_sent_as_the_columns_own_type_so_a_varchar_key_is_not_compared_as_nvarchar(string type, string fullType, DbType expected)
    {
        SqlServerTypes.DbTypeOf(Column(type, fullType)).ShouldBe(expected);
    }

    [Fact]
    public void Every_key_comparison_casts_the_parameter_to_the_keys_full_type()
    {
        var table = new TableSchema(new TableName("dbo", "codes"),
        [
            Column("varchar", "varchar(20)", maxLength: 20, collation: "SQL_Latin1_General_CP1_CI_AS", key: true) with { Name = "code" },
            Column("decimal", "decimal(10,2)", precision: 10, scale: 2, clr: typeof(decimal)) with { Name = "amount" },
        ]);

        new SqlServerDialect().BuildRangeKeys(table, null, afterKey: true).ShouldBe(
            "SELECT [code] FROM [dbo].[codes] WHERE [code] > CAST(@after0 AS varchar(20)) AND [code] <= CAST(@upto0 AS varchar(20)) ORDER BY [dbo].[codes].[code]");
        new SqlServerDialect().BuildCreateStaging(table, [table.Columns[1]], [table.Columns[1]], "#s").ShouldBe(
            "SELECT TOP (0) t.[code] AS [k0], t.[amount] AS [c0], t.[amount] AS [g0], CAST(0 AS int) AS [i] INTO [#s] FROM [dbo].[codes] AS t");
    }
}
