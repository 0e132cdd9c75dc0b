using FluentData.Tests.Infrastructure;
using static FluentData.Tests.Fidelity.KeyValues;

namespace FluentData.Tests.Fidelity;

/// <summary>
/// The identity matrix on SQLite: the column types FluentMigrator declares for its As*()
/// methods, the legacy declarations hand-written schemas have, and values of other storage
/// classes than a column's affinity suggests, which SQLite keeps as they are. Every value is
/// compared as <c>quote(v)</c>, its storage class, and for text its bytes.
/// </summary>
public sealed class SqliteIdentityTests : IdentityTests<SqliteTestDatabase>
{
    private static readonly string TenEmoji = string.Concat(Enumerable.Repeat("😀", 10));
    private static readonly string FiveCombined = string.Concat(Enumerable.Repeat("e\u0301", 5));

    private static readonly ColumnCase[] Cases =
    [
        // AsInt16, AsInt32, AsInt64, AsByte, AsBoolean.
        new("INTEGER", "INTEGER", ["NULL", "-9223372036854775808", "9223372036854775807", "0", "-1", "1", "9007199254740993"]),
        new("INTEGER holding text", "INTEGER", ["NULL", "'abc'", "''", "'12abc'", "7"]),
        new("INTEGER holding reals", "INTEGER", ["NULL", "1.5", "-0.25", "1e300", "7"], CopyRefusable: true),
        new("INTEGER holding blobs", "INTEGER", ["NULL", "X''", "X'00FF'", "7"]),

        // AsDecimal, AsCurrency, AsDouble, AsFloat: SQLite stores integers and reals as such, and
        // text that reads as a number as that number.
        new("NUMERIC", "NUMERIC",
            ["NULL", "0", "1.5", "-0.001", "0.1", "0.30000000000000004", "123456789.123", "9223372036854775807", "'1.10'", "1e20", "2.5e-7", "-42"]),
        new("NUMERIC beyond decimal", "NUMERIC", ["NULL", "1.5", "1e300", "1.7976931348623157e308", "9e999", "-9e999", "5e-324"]),
        new("NUMERIC holding text", "NUMERIC", ["NULL", "'abc'", "''", "'1,5'", "2.5"]),

        // Hand-written (and FluentMigrator's AsDouble with strict tables).
        new("REAL", "REAL",
            ["NULL", "0.0", "0.1", "5e-324", "1.7976931348623157e308", "9e999", "-9e999", "1.0", "-123.456", "2.2250738585072014e-308", "0.30000000000000004"]),

        // AsString, AsAnsiString, AsFixedLengthString, with or without a size: always TEXT.
        new("TEXT", "TEXT",
        [
            "NULL", "''", "' '", "'trailing  '", Text("😀 surrogate pairs 😀"), Text("e\u0301 combining mark"), Text("\u00e9 precomposed"),
            "replace(hex(zeroblob(1700)), '00', 'é😀a')", Text("tab\tnewline\ncarriage return\r"), "'123'", "'NULL'", "'nul' || char(0) || 'inside'",
        ]),
        new("TEXT holding blobs", "TEXT", ["NULL", "X''", "X'00FF'", "X'DEADBEEF'", "'text'"]),

        // Hand-written.
        new("VARCHAR(10)", "VARCHAR(10)", ["NULL", "''", "'0123456789'", Text(FiveCombined), "'trail     '", "'ab'"]),
        new("VARCHAR(10) with surrogate pairs", "VARCHAR(10)", ["NULL", "'ab'", Text(TenEmoji), Text("a😀b")]),

        // AsDateTime, AsDateTime2, AsDate, AsTime: as Microsoft.Data.Sqlite writes DateTime, DateOnly, TimeOnly.
        new("DATETIME", "DATETIME",
        [
            "NULL", "'2024-02-29 12:34:56'", "'2024-02-29 12:34:56.789'", "'2024-02-29 12:34:56.7891234'", "'0001-01-01 00:00:00'",
            "'9999-12-31 23:59:59.9999999'", "'2024-02-29'", "'12:34:56.5'",
        ]),
        new("DATETIME holding ISO-8601 'T' text", "DATETIME",
            ["NULL", "'2024-02-29T12:34:56Z'", "'2024-02-29T12:34:56.123+05:30'", "'2024-02-29T12:34:56.1234567'", "'2024-02-29T00:00:00'"]),
        new("DATETIME holding unix times", "DATETIME", ["NULL", "0", "1709210096", "-1", "1709210096.5", "2460370.5"]),

        // AsGuid: Microsoft.Data.Sqlite writes a Guid as 16 bytes; other writers as text.
        new("UNIQUEIDENTIFIER holding text", "UNIQUEIDENTIFIER",
        [
            "NULL", "'0b7e7dee-87ac-4b51-8d5b-2b4d6f6f1a01'", "'00000000-0000-0000-0000-000000000000'", "'ffffffff-ffff-ffff-ffff-ffffffffffff'",
            "'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'",
        ]),
        new("UNIQUEIDENTIFIER holding 16-byte blobs", "UNIQUEIDENTIFIER",
            ["NULL", "X'EE7D7E0BAC87514B8D5B2B4D6F6F1A01'", "X'00000000000000000000000000000000'", "X'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF'"]),

        // AsBinary.
        new("BLOB", "BLOB", ["NULL", "X''", "X'00'", "X'DEADBEEF'", "unhex(replace(hex(zeroblob(1250)), '00', 'DEADBEEF'))", "zeroblob(3)"]),
        new("BLOB holding text and numbers", "BLOB", ["NULL", "'text'", "42", "1.5", "''"]),

        // Hand-written; FluentMigrator's AsBoolean declares INTEGER.
        new("BOOLEAN", "BOOLEAN", ["NULL", "0", "1"]),
        new("BOOLEAN holding other values", "BOOLEAN", ["NULL", "'true'", "'f'", "2", "-1"]),
    ];

    public static TheoryData<string> ColumnTypes => AsTheoryData(Cases.Select(c => c.Name));

    [SkippableTheory]
    [MemberData(nameof(ColumnTypes))]
    public void Identity_transform_leaves_every_value_as_it_was(string type) => LeavesEveryValueAsItWas(Cases.Single(c => c.Name == type));

    /// <summary>The declarations above are the ones FluentMigrator 8.0.1 generates; if it changes them, the matrix must follow.</summary>
    [SkippableFact]
    public void FluentMigrator_declares_the_column_types_this_matrix_covers()
    {
        Scenario.InTransaction = m => m.Create.Table("declared")
            .WithColumn("id").AsInt64().PrimaryKey()
            .WithColumn("AsInt16").AsInt16().Nullable()
            .WithColumn("AsInt32").AsInt32().Nullable()
            .WithColumn("AsInt64").AsInt64().Nullable()
            .WithColumn("AsByte").AsByte().Nullable()
            .WithColumn("AsBoolean").AsBoolean().Nullable()
            .WithColumn("AsDecimal").AsDecimal().Nullable()
            .WithColumn("AsDecimal(12,3)").AsDecimal(12, 3).Nullable()
            .WithColumn("AsCurrency").AsCurrency().Nullable()
            .WithColumn("AsDouble").AsDouble().Nullable()
            .WithColumn("AsFloat").AsFloat().Nullable()
            .WithColumn("AsString").AsString().Nullable()
            .WithColumn("AsString(10)").AsString(10).Nullable()
            .WithColumn("AsAnsiString").AsAnsiString().Nullable()
            .WithColumn("AsFixedLengthString(3)").AsFixedLengthString(3).Nullable()
            .WithColumn("AsDateTime").AsDateTime().Nullable()
            .WithColumn("AsDateTime2").AsDateTime2().Nullable()
            .WithColumn("AsDate").AsDate().Nullable()
            .WithColumn("AsTime").AsTime().Nullable()
            .WithColumn("AsGuid").AsGuid().Nullable()
            .WithColumn("AsBinary").AsBinary().Nullable();

        Runner.MigrateUp(InTransaction);

        var declared = Db.Rows("SELECT name, type FROM pragma_table_info('declared') WHERE name <> 'id'")
            .ToDictionary(r => (string)r[0]!, r => (string)r[1]!);
        declared.ShouldBe(new Dictionary<string, string>
        {
            ["AsInt16"] = "INTEGER", ["AsInt32"] = "INTEGER", ["AsInt64"] = "INTEGER", ["AsByte"] = "INTEGER", ["AsBoolean"] = "INTEGER",
            ["AsDecimal"] = "NUMERIC", ["AsDecimal(12,3)"] = "NUMERIC", ["AsCurrency"] = "NUMERIC", ["AsDouble"] = "NUMERIC", ["AsFloat"] = "NUMERIC",
            ["AsString"] = "TEXT", ["AsString(10)"] = "TEXT", ["AsAnsiString"] = "TEXT", ["AsFixedLengthString(3)"] = "TEXT",
            ["AsDateTime"] = "DATETIME", ["AsDateTime2"] = "DATETIME", ["AsDate"] = "DATETIME", ["AsTime"] = "DATETIME",
            ["AsGuid"] = "UNIQUEIDENTIFIER", ["AsBinary"] = "BLOB",
        }, ignoreOrder: true);
    }

    protected override string Render(string column) =>
        $"quote({Quote(column)}) || ' ' || typeof({Quote(column)}) || CASE WHEN typeof({Quote(column)}) = 'text' THEN ' ' || hex({Quote(column)}) ELSE '' END";
}
