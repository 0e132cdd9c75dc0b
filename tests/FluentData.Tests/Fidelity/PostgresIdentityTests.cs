using FluentData.Tests.Infrastructure;
using static FluentData.Tests.Fidelity.KeyValues;

namespace FluentData.Tests.Fidelity;

/// <summary>The identity matrix on PostgreSQL: every value compared as <c>column::text</c>.</summary>
public sealed class PostgresIdentityTests : IdentityTests<PostgresTestDatabase>
{
    private static readonly string TenEmoji = string.Concat(Enumerable.Repeat("😀", 10));
    private static readonly string FiveCombined = string.Concat(Enumerable.Repeat("e\u0301", 5));

    // A type whose values .NET's types cannot all hold (dates before year 1, numbers beyond
    // decimal, intervals with months) has those values in a case of their own, so a value that
    // cannot be read does not hide what happens to the others.
    private static readonly ColumnCase[] Cases =
    [
        new("smallint", "smallint", ["NULL", "-32768", "32767", "0", "-1", "1", "42"]),
        new("integer", "integer", ["NULL", "-2147483648", "2147483647", "0", "-1", "1", "123456789"]),
        new("bigint", "bigint", ["NULL", "-9223372036854775808", "9223372036854775807", "0", "-1", "9007199254740993"]),
        new("numeric(12,3)", "numeric(12,3)", ["NULL", "0", "-0.001", "0.001", "999999999.999", "-999999999.999", "1.500", "123456789.123"]),
        new("numeric", "numeric",
        [
            "NULL", "0", "0.000", "1.10", "-1.5", "2.50000000000000000000", "79228162514264337593543950335", "-79228162514264337593543950335",
            "0.0000000000000000000000000001", "12345678901234567.8901234567", "1e3",
        ]),
        new("numeric beyond decimal", "numeric",
        [
            "NULL", "1.5", "79228162514264337593543950336", "-79228162514264337593543950336", "1e40", "0.00000000000000000000000000000001",
            "3.14159265358979323846264338327950288",
        ], Refusable: true),
        new("numeric NaN, Infinity", "numeric", ["NULL", "1.5", "'NaN'", "'Infinity'", "'-Infinity'"], Refusable: true),
        new("real", "real",
            ["NULL", "'0'", "'-0'", "'NaN'", "'Infinity'", "'-Infinity'", "'1.17549435e-38'", "'3.4028235e+38'", "'1e-45'", "'0.1'", "'16777216'", "'3.1415927'"]),
        new("double precision", "double precision",
        [
            "NULL", "'0'", "'-0'", "'NaN'", "'Infinity'", "'-Infinity'", "'5e-324'", "'1.7976931348623157e308'", "'0.1'", "'0.30000000000000004'",
            "'2.2250738585072014e-308'", "'9007199254740993'",
        ]),
        new("text", "text",
        [
            "NULL", "''", "' '", "'trailing  '", Text("😀 surrogate pairs 😀"), Text("e\u0301 combining mark"), Text("\u00e9 precomposed"),
            "repeat('é😀a', 1700)", Text("tab\tnewline\ncarriage return\r"), Text("quote ' double \" backslash \\"), "'NULL'", Text("\u00a0nbsp \u200b zero width"),
        ]),
        new("varchar(10)", "varchar(10)", ["NULL", "''", "'0123456789'", Text(FiveCombined), "'trail     '", "'ab'", Text("\u00e9\u00e8\u00ea\u00eb\u00c9\u00c8\u00ca\u00cb\u03a9\u20ac")]),
        new("varchar(10) with surrogate pairs", "varchar(10)", ["NULL", "'ab'", Text(TenEmoji), Text("a😀b")]),
        new("char(3)", "char(3)", ["NULL", "'a'", "'abc'", "'   '", Text("é"), "' b'", Text("\u20ac\u20ac\u20ac")]),
        new("char(3) with surrogate pairs", "char(3)", ["NULL", "'abc'", Text("😀"), Text("😀😀😀")]),
        new("citext", "citext", ["NULL", "'Alice'", "'ALICE'", "''", Text("ß"), Text("😀"), Text("e\u0301"), "repeat('Ab😀', 1700)", "'trailing '"], [PostgresTypes.Citext]),
        new("boolean", "boolean", ["NULL", "true", "false"]),
        new("date", "date", ["NULL", "'2000-02-29'", "'1970-01-01'", "'1899-12-30'", "'0001-01-02'", "'9999-12-30'"]),
        new("date at the ends of .NET's range, or infinite", "date", ["NULL", "'2000-02-29'", "'0001-01-01'", "'9999-12-31'", "'infinity'", "'-infinity'"], Refusable: true),
        new("date before year 1 or after 9999", "date", ["NULL", "'2024-01-01'", "'4713-01-01 BC'", "'0001-12-31 BC'", "'10000-01-01'", "'5874897-12-31'"], Refusable: true),
        new("time", "time", ["NULL", "'00:00:00'", "'23:59:59.999999'", "'12:34:56.789012'", "'00:00:00.000001'"]),
        new("time 24:00:00", "time", ["NULL", "'24:00:00'", "'12:00:00'"], Refusable: true),
        new("timestamp", "timestamp",
        [
            "NULL", "'2024-02-29 12:34:56.789012'", "'1970-01-01 00:00:00'", "'0001-01-01 00:00:01'", "'9999-12-31 23:59:59.999998'",
            "'1900-01-01 00:00:00.000001'",
        ]),
        new("timestamp at the ends of .NET's range, or infinite", "timestamp",
            ["NULL", "'2024-02-29 12:34:56.789012'", "'0001-01-01 00:00:00'", "'9999-12-31 23:59:59.9999999'", "'infinity'", "'-infinity'"], Refusable: true),
        new("timestamp before year 1 or after 9999", "timestamp",
            ["NULL", "'2024-01-01 00:00:00'", "'4713-01-01 00:00:00 BC'", "'0001-12-31 23:59:59 BC'", "'10000-01-01 00:00:00'", "'294276-12-31 23:59:59.999999'"], Refusable: true),
        new("timestamptz", "timestamptz",
        [
            "NULL", "'2024-06-01 12:00:00.123456+00'", "'2024-06-01 12:00:00+14'", "'2024-06-01 12:00:00-12'", "'2024-06-01 12:00:00+05:45'",
            "'1969-12-31 23:59:59.999999+01'", "'0001-01-01 00:00:01+00'",
        ]),
        new("timestamptz at the ends of .NET's range, or infinite", "timestamptz",
            ["NULL", "'2024-06-01 12:00:00+00'", "'0001-01-01 00:00:00+00'", "'9999-12-31 23:59:59.999999+00'", "'infinity'", "'-infinity'"], Refusable: true),
        new("interval", "interval",
            ["NULL", "'00:00:00'", "'-00:00:00.000001'", "'1 day 02:03:04.000005'", "'-3 days'", "'25:00:00'", "'-1 days +02:00:00'", "'99999 days'"]),
        new("interval with months or years", "interval", ["NULL", "'1 day'", "'1 mon'", "'1 year 2 mons'", "'1 mon -1 day'", "'178000000 years'"]),
        new("interval with negative months or years", "interval", ["NULL", "'1 day'", "'-1 year'", "'-1 mon'", "'-2 years -3 mons +4 days'"]),
        new("uuid", "uuid",
        [
            "NULL", "'00000000-0000-0000-0000-000000000000'", "'ffffffff-ffff-ffff-ffff-ffffffffffff'", "'0b7e7dee-87ac-4b51-8d5b-2b4d6f6f1a01'",
            "'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'",
        ]),
        new("bytea", "bytea", ["NULL", @"'\x'", @"'\x00'", @"'\xdeadbeef'", @"'\x00ff00'", "decode(repeat('deadbeef00', 500), 'hex')"]),
        new("json", "json",
        [
            "NULL", """'{"b": 1, "a": 2}'""", """'{"a":1,"a":2}'""", "'[]'", """'"😀"'""", """'  {"x" : [1, 2.50, null]}  '""", "'null'", "'1e1000'",
            """'"\u0000"'""",
        ]),
        new("jsonb", "jsonb",
        [
            "NULL", "'{}'", "'[]'", "'null'", """'{"a": {"b": [1, 2, {"c": null}], "d": {"e": {"f": "😀"}}}, "z": []}'""", "'1.0000000000000000000001'",
            """'"e\u0301"'""", """'{"n": 1e400}'""",
        ]),
        new("text[]", "text[]", ["NULL", "'{}'", """'{""}'""", Text("{a,\"b c\",😀}"), Text("{\"e\u0301\",\"NULL\"}")]),
        new("text[] with NULL elements", "text[]", ["NULL", "'{NULL}'", "'{a,NULL,c}'", "'{x}'"]),
        new("text[] with two dimensions or another lower bound", "text[]", ["NULL", "'{{a,b},{c,d}}'", "'[0:1]={a,b}'", "'{x}'"], CopyRefusable: true),
        new("integer[]", "integer[]", ["NULL", "'{}'", "'{1,-2147483648,2147483647}'", "'{0}'"]),
        new("integer[] with NULL elements", "integer[]", ["NULL", "'{NULL}'", "'{1,NULL,3}'", "'{5}'"]),
        new("integer[] with two dimensions or another lower bound", "integer[]", ["NULL", "'{{1,2},{3,4}}'", "'[-5:-4]={7,8}'", "'{9}'"], CopyRefusable: true),
        new("enum", "mood", ["NULL", "'sad'", "'ok'", "'happy'"], [PostgresTypes.Mood]),
        new("inet", "inet", ["NULL", "'192.168.0.1'", "'0.0.0.0'", "'255.255.255.255'", "'::1'", "'2001:db8::1'", "'::ffff:1.2.3.4'"]),
        new("inet with netmasks", "inet", ["NULL", "'10.0.0.0/8'", "'10.1.2.3/8'", "'192.168.0.1/24'", "'2001:db8::1/64'", "'::/0'", "'192.168.0.1'"]),
    ];

    public static TheoryData<string> ColumnTypes => AsTheoryData(Cases.Select(c => c.Name));

    [SkippableTheory]
    [MemberData(nameof(ColumnTypes))]
    public void Identity_transform_leaves_every_value_as_it_was(string type)
    {
        var column = Cases.Single(c => c.Name == type);
        PostgresTypes.SkipUnlessAvailable(Db, column.Setup);
        LeavesEveryValueAsItWas(column);
    }

    protected override string Render(string column) => $"{Quote(column)}::text";
}
