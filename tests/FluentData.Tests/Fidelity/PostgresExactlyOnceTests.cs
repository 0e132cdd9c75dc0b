using System.Globalization;
using FluentData.Tests.Infrastructure;
using static FluentData.Tests.Fidelity.KeyValues;

namespace FluentData.Tests.Fidelity;

/// <summary>
/// The exactly-once matrix on PostgreSQL, for every type that can be a primary key (boolean
/// left out: two rows make no batches). Keys .NET's types cannot all hold have a case of their own.
/// </summary>
public sealed class PostgresExactlyOnceTests : ExactlyOnceTests<PostgresTestDatabase>
{
    private static readonly string[] Char3 =
    [
        "a", "A", "b", "B", "z", "Z", "ab", "aB", "Ab", "AB", "abc", "ABC", "aBc", " a", "  a", " ab", "a a", "a b", "1", "10",
        "100", "2", "20", "9", "99", "999", "-1", "_", "é", "éé", "ééé", "ß", "😀", "😀a", "Ω", "zz", "zzz", "x y", "a-b", "0",
    ];

    private static readonly string[] Numerics =
    [
        "-99999999999999999999.99", "-1000", "-10.5", "-10", "-9.99", "-1", "-0.5", "-0.001", "0", "0.001", "0.01", "0.1", "0.10001", "0.5",
        "1", "1.000001", "1.5", "2", "2.5", "9", "9.5", "9.99", "10", "10.01", "10.5", "11", "19", "20", "99", "99.999", "100", "100.5",
        "101", "1000", "1000.0001", "12345.6789", "99999", "100000", "1e10", "79228162514264337593543950335",
    ];

    private static readonly string[] Intervals =
    [
        "-10 days", "-1 day", "-23:59:59", "-01:00:00", "-00:00:01", "-00:00:00.000001", "00:00:00", "00:00:00.000001", "00:00:00.5",
        "00:00:01", "00:00:09", "00:00:10", "00:00:59", "00:01:00", "00:10:00", "01:00:00", "02:00:00", "10:00:00", "23:59:59.999999",
        "1 day", "1 day 00:00:00.000001", "1 day 01:00:00", "2 days", "9 days", "10 days", "11 days", "100 days", "1000 days",
        "-100 days", "3 days 04:05:06.789",
    ];

    private static readonly string[] Addresses =
    [
        "0.0.0.0", "1.2.3.4", "9.9.9.9", "10.0.0.1", "10.0.0.2", "10.0.0.10", "10.0.0.100", "100.0.0.1", "127.0.0.1", "192.168.0.1",
        "192.168.0.10", "192.168.0.2", "192.168.1.1", "255.255.255.255", "::", "::1", "::2", "::ffff:1.2.3.4", "2001:db8::1",
        "2001:db8::10", "2001:db8::2", "fe80::1", "ff02::1", "ffff::",
    ];

    private static readonly string[] Netmasks =
    [
        "10.0.0.0/8", "10.0.0.0/16", "10.0.0.0", "10.0.0.1/8", "10.0.0.1", "192.168.0.0/24", "192.168.0.1/24", "192.168.0.1",
        "2001:db8::/32", "2001:db8::1/64", "2001:db8::1", "::/0", "0.0.0.0/0", "1.2.3.4/31", "1.2.3.4",
    ];

    private static readonly string[] FixedDates =
    [
        "1899-12-31", "1900-01-01", "1969-12-31", "1970-01-01", "1999-12-31", "2000-01-01", "2000-02-29", "2000-03-01",
        "2024-01-09", "2024-01-10", "2024-10-01", "2024-09-30",
    ];

    private static readonly KeyCase[] Cases =
    [
        new("smallint", "smallint", [.. Integers(short.MinValue, short.MaxValue)]),
        new("integer", "integer", [.. Integers(int.MinValue, int.MaxValue)]),
        new("bigint", "bigint", [.. Integers(long.MinValue, long.MaxValue)]),
        new("numeric", "numeric", Numerics),
        new("numeric beyond decimal", "numeric",
        [
            .. Numerics.Take(20), "1e40", "-1e40", "0.0000000000000000000000000000001", "79228162514264337593543950336", "-79228162514264337593543950336",
            "3.14159265358979323846264338327950288",
        ]),
        new("numeric NaN, Infinity", "numeric", [.. Numerics.Take(20), "'NaN'", "'Infinity'", "'-Infinity'"]),
        new("text", "text", [.. Texts.Select(Text)]),
        new("text with keys of 500+ characters", "text", [.. LongTexts.Select(Text)]),
        new("varchar(10)", "varchar(10)", [.. Texts.Select(Text)]),
        new("char(3)", "char(3)", [.. Char3.Select(Text)]),
        new("citext", "citext", [.. CaseInsensitiveNames.Select(Text)], [PostgresTypes.Citext]),
        new("date", "date", [.. Dates().Select(Day)]),
        new("date infinite, or in year 1 or 9999", "date",
            [.. Dates().Take(15).Select(Day), "'infinity'", "'-infinity'", "'0001-01-01'", "'0001-01-02'", "'9999-12-30'", "'9999-12-31'"]),
        new("date before year 1 or after 9999", "date",
            [.. Dates().Take(15).Select(Day), "'4713-01-01 BC'", "'0001-12-31 BC'", "'10000-01-01'", "'5874897-12-31'"]),
        new("timestamp", "timestamp", [.. Timestamps().Select(t => Text(Microseconds(t)))]),
        new("timestamp infinite, or in year 1 or 9999", "timestamp",
        [
            .. Timestamps().Take(15).Select(t => Text(Microseconds(t))),
            "'infinity'", "'-infinity'", "'0001-01-01 00:00:00'", "'0001-01-01 00:00:00.000001'", "'9999-12-31 23:59:59.999999'", "'9999-12-31 00:00:00'",
        ]),
        new("timestamp before year 1 or after 9999", "timestamp",
            [.. Timestamps().Take(15).Select(t => Text(Microseconds(t))), "'4713-01-01 00:00:00 BC'", "'0001-12-31 23:59:59 BC'", "'10000-01-01 00:00:00'"]),
        new("timestamptz", "timestamptz", [.. AcrossOffsets()]),
        new("timestamptz infinite, or in year 1 or 9999", "timestamptz",
        [
            .. AcrossOffsets().Take(15), "'infinity'", "'-infinity'", "'0001-01-01 00:00:00+00'", "'0001-01-01 12:00:00+00'",
            "'9999-12-31 23:59:59.999999+00'", "'9999-12-31 00:00:00+00'",
        ]),
        new("uuid", "uuid", [.. Guids().Select(g => Text(g.ToString()))]),
        new("bytea", "bytea", [.. Bytes().Select(b => Text($"\\x{b}"))]),
        new("interval", "interval", [.. Intervals.Select(Text)]),
        new("interval with months or years", "interval",
            [.. Intervals.Take(20).Select(Text), "'1 mon'", "'2 mons'", "'1 year'", "'1 mon 1 day'", "'1 year 1 mon'", "'100 years'"]),
        new("interval with negative months or years", "interval",
            [.. Intervals.Take(20).Select(Text), "'-1 mon'", "'-2 mons'", "'-1 year'", "'-1 year -1 mon'", "'-100 years'"]),
        new("inet", "inet", [.. Addresses.Select(Text)]),
        new("inet with netmasks", "inet", [.. Netmasks.Select(Text)]),
    ];

    public static TheoryData<string> KeyTypes => AsTheoryData(Cases.Select(c => c.Name));

    [SkippableTheory]
    [MemberData(nameof(KeyTypes))]
    public void Every_row_is_transformed_exactly_once_whatever_the_type_of_its_key(string type) => Run(type, composite: false);

    [SkippableTheory]
    [MemberData(nameof(KeyTypes))]
    public void Every_row_is_transformed_exactly_once_with_a_composite_key_of_that_type_and_an_integer(string type) => Run(type, composite: true);

    protected override string Render(string column) => $"{Quote(column)}::text";

    private void Run(string type, bool composite)
    {
        var key = Cases.Single(c => c.Name == type);
        PostgresTypes.SkipUnlessAvailable(Db, key.Setup);
        EveryRowExactlyOnce(key, composite);
    }

    private static IEnumerable<DateOnly> Dates()
    {
        var fixedOnes = FixedDates.Select(d => DateOnly.Parse(d, CultureInfo.InvariantCulture));
        var spread = Enumerable.Range(0, 28).Select(i => new DateOnly(1901 + (i * 7), 1 + (i % 12), 1 + (i * 5 % 28)));
        return fixedOnes.Concat(spread).Distinct();
    }

    private static string Day(DateOnly d) => Text(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    private static string Microseconds(DateTime t) => t.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);

    /// <summary>Instants written in offsets from -12:00 to +14:00, so their local times sort differently from the instants.</summary>
    private static IEnumerable<string> AcrossOffsets()
    {
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        int[] minutes = [-720, -570, -300, -60, 0, 60, 330, 345, 540, 840];
        return Enumerable.Range(0, 40).Select(i =>
        {
            var instant = start.AddMinutes(i * 47).AddTicks(i * 10);
            var offset = TimeSpan.FromMinutes(minutes[i * 3 % minutes.Length]);
            var local = new DateTimeOffset(instant).ToOffset(offset);
            return Text(local.ToString("yyyy-MM-dd HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture));
        });
    }
}
