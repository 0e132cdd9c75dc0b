using System.Globalization;
using FluentData.Tests.Infrastructure;
using static FluentData.Tests.Fidelity.KeyValues;

namespace FluentData.Tests.Fidelity;

/// <summary>
/// The exactly-once matrix on SQLite, for the key declarations FluentMigrator and hand-written
/// schemas use, holding the storage classes real databases hold in them.
/// </summary>
public sealed class SqliteExactlyOnceTests : ExactlyOnceTests<SqliteTestDatabase>
{
    private static readonly string[] Reals =
    [
        "-1.7976931348623157e308", "-1e300", "-123.456", "-1.5", "-1.0", "-0.5", "-1e-300", "0.0", "5e-324", "1e-300", "1e-5", "0.1", "0.2",
        "0.30000000000000004", "0.3", "0.5", "0.9999999999999999", "1.0", "1.0000000000000002", "1.1", "1.5", "2.0", "2.5", "2.718281828459045",
        "3.141592653589793", "9.0", "10.0", "10.5", "99.99", "100.0", "123456.789", "1e15", "9007199254740992.0", "9007199254740994.0", "1e20",
        "6.02214076e23", "1e300", "1.7976931348623157e308", "9e999", "-9e999",
    ];

    // SQLite keeps integers as integers and reals as reals in a NUMERIC column, so these keys mix both.
    private static readonly string[] Numerics =
    [
        "-9223372036854775808", "-1e20", "-100", "-1.5", "-1", "0", "0.001", "0.1", "0.5", "1", "1.5", "2", "9", "10", "10.25", "11", "19",
        "20", "99", "100", "100.5", "101", "1000.5", "9999", "10000", "123456789012345678", "9223372036854775807", "1e20", "1e300",
        "0.30000000000000004", "'7.0'", "'12.5'", "2.5", "3", "-3", "-2.5", "1e-10", "42", "4.2", "0.42",
    ];

    private static readonly KeyCase[] Cases =
    [
        new("INTEGER (the rowid)", "INTEGER", [.. Integers(long.MinValue, long.MaxValue)]),
        new("TEXT", "TEXT", [.. Texts.Select(Text)]),
        new("TEXT with keys of 500+ characters", "TEXT", [.. LongTexts.Select(Text)]),
        new("VARCHAR(10)", "VARCHAR(10)", [.. Texts.Select(Text)]),
        new("UNIQUEIDENTIFIER holding lower-case text", "UNIQUEIDENTIFIER", [.. Guids().Select(g => Text(g.ToString()))]),
        new("UNIQUEIDENTIFIER holding 16-byte blobs", "UNIQUEIDENTIFIER", [.. Guids().Select(g => $"X'{Convert.ToHexString(g.ToByteArray())}'")]),
        new("DATETIME holding ISO-8601 'T' text", "DATETIME", [.. Timestamps().Select(IsoT)]),
        new("DATETIME holding 'yyyy-MM-dd HH:mm:ss' text", "DATETIME", [.. Timestamps().Select(Spaced)]),
        new("REAL", "REAL", Reals),
        new("NUMERIC", "NUMERIC", Numerics),
        new("BLOB", "BLOB", [.. Bytes().Select(b => $"X'{b}'")]),
    ];

    public static TheoryData<string> KeyTypes => AsTheoryData(Cases.Select(c => c.Name));

    [SkippableTheory]
    [MemberData(nameof(KeyTypes))]
    public void Every_row_is_transformed_exactly_once_whatever_the_type_of_its_key(string type) =>
        EveryRowExactlyOnce(Cases.Single(c => c.Name == type), composite: false);

    [SkippableTheory]
    [MemberData(nameof(KeyTypes))]
    public void Every_row_is_transformed_exactly_once_with_a_composite_key_of_that_type_and_an_integer(string type) =>
        EveryRowExactlyOnce(Cases.Single(c => c.Name == type), composite: true);

    protected override string Render(string column) => $"quote({Quote(column)}) || ' ' || typeof({Quote(column)})";

    /// <summary>ISO-8601 as other writers store it: UTC with Z, with an offset, or local without.</summary>
    private static string IsoT(DateTime t, int i) =>
        Text(t.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture) + (i % 3) switch { 0 => "Z", 1 => "+02:00", _ => "" });

    /// <summary>
    /// As Microsoft.Data.Sqlite writes a DateTime (fraction without trailing zeros), and every
    /// fourth as Python writes one (six digits, trailing zeros kept).
    /// </summary>
    private static string Spaced(DateTime t, int i) =>
        Text(t.ToString(i % 4 == 0 ? "yyyy-MM-dd HH:mm:ss.ffffff" : "yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture));
}
