using System.Globalization;

namespace FluentData.Tests.Fidelity;

/// <summary>
/// Keys shared by the databases' key matrices, chosen so that their order in their own type
/// differs from their order as text, and from .NET's order where .NET has one of its own.
/// </summary>
public static class KeyValues
{
    /// <summary>Numbers whose text sorts differently: 10 before 9, -1 before -10.</summary>
    private static readonly long[] Spread =
        [-1000, -101, -100, -99, -11, -10, -9, -2, -1, 0, 1, 2, 3, 9, 10, 11, 19, 20, 21, 99, 100, 101, 199, 200, 999, 1000, 1001, 2000, 9999, 10000, 10001, 20000];

    private static readonly string[] FixedTimestamps =
    [
        "2024-01-01 00:00:00", "2024-01-01 00:00:00.000001", "2024-01-01 00:00:00.00001", "2024-01-01 00:00:00.0001",
        "2024-01-01 00:00:00.001", "2024-01-01 00:00:00.01", "2024-01-01 00:00:00.1", "2024-01-01 00:00:00.5",
        "2024-01-01 00:00:00.999999", "2024-01-01 00:00:01", "2024-01-01 00:00:59.999999", "2023-12-31 23:59:59.999999",
        "1970-01-01 00:00:00", "1969-12-31 23:59:59.999999", "2000-02-29 12:00:00", "2024-03-10 02:30:00", "2024-10-27 02:30:00",
    ];

    /// <summary>Mixed case: in a binary collation every capital sorts before every small letter.</summary>
    public static readonly string[] Names =
    [
        "alice", "Bob", "carol", "Dave", "eve", "Frank", "grace", "Heidi", "ivan", "Judy",
        "mallory", "Niaj", "olivia", "Peggy", "rupert", "Sybil", "trent", "Victor", "walter", "Zoe",
    ];

    /// <summary>Names plus the empty string, spaces, digits, accents both ways, a surrogate pair, and a trailing space.</summary>
    public static IEnumerable<string> Texts =>
        Names.Concat(["", " ", "  ", "a", "A", "Z", "z", "0", "1", "10", "2", "9", "_", "-", "é", "e\u0301", "E", "Ω", "😀", "alice ", "ß", "ss", "Alice"]);

    /// <summary>Names among keys of 500 to 1,000 characters, some sharing long prefixes.</summary>
    public static IEnumerable<string> LongTexts =>
        Names.Concat(
        [
            new string('a', 600), new string('a', 599) + "b", new string('a', 599) + "B", new string('b', 520), "m" + new string('é', 510),
            string.Concat(Enumerable.Repeat("😀", 260)), new string('z', 700), "A" + new string('a', 550), "alice" + new string(' ', 500) + "x",
            string.Concat(Enumerable.Repeat("Bob", 333)),
        ]);

    /// <summary>Distinct however the case is folded.</summary>
    public static IEnumerable<string> CaseInsensitiveNames =>
        Names.Concat(["ALAN", "aaron", "Zed", "zack", "", "é", "0", "10", "9", "Ω", "😀", "bobby", "BOBBIE", "Carl", "dave2", "DAVID", "eve "]);

    public static IEnumerable<string> Integers(long min, long max) =>
        Spread.Concat([min, min + 1, min / 2, max / 2, max - 1, max]).Distinct().Select(i => i.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// GUIDs that differ in one byte each: the first (where text and PostgreSQL order start), the
    /// last, and the ones .NET's byte layout and SQL Server's order put first; plus fixed random ones.
    /// </summary>
    public static IEnumerable<Guid> Guids()
    {
        byte[] edges = [0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff];
        var guids = new List<Guid>();
        foreach (var b in edges)
        {
            guids.Add(Guid.Parse($"{b:x2}000000-0000-0000-0000-000000000000"));
            guids.Add(Guid.Parse($"00000000-0000-0000-0000-0000000000{b:x2}"));
            guids.Add(Guid.Parse($"000000{b:x2}-0000-0000-0000-000000000001"));
            guids.Add(Guid.Parse($"00000000-{b:x2}00-0000-0000-000000000002"));
            guids.Add(Guid.Parse($"00000000-0000-0000-{b:x2}00-000000000003"));
        }

        var random = new Random(20261126);
        var bytes = new byte[16];
        for (var i = 0; i < 10; i++)
        {
            random.NextBytes(bytes);
            guids.Add(new Guid(bytes));
        }

        return guids.Distinct();
    }

    /// <summary>Byte strings in hex: empty, zeros of several lengths, 0x7f/0x80 (signed vs unsigned), prefixes of each other.</summary>
    public static IEnumerable<string> Bytes()
    {
        var keys = new List<string> { "", "00", "0000", "000000", "0001", "01", "0100", "7f", "80", "8000", "ff", "ff00", "ffff", "ffffff", "deadbeef", "41", "61", "4142", "6162" };
        var random = new Random(20261127);
        while (keys.Count < 40)
        {
            var bytes = new byte[random.Next(1, 9)];
            random.NextBytes(bytes);
            var hex = Convert.ToHexStringLower(bytes);
            if (!keys.Contains(hex))
                keys.Add(hex);
        }

        return keys;
    }

    /// <summary>Timestamps a microsecond apart, around midnight and the epoch, and spread over decades.</summary>
    public static IEnumerable<DateTime> Timestamps()
    {
        var fixedOnes = FixedTimestamps.Select(t => DateTime.Parse(t, CultureInfo.InvariantCulture));
        var spread = Enumerable.Range(0, 23).Select(i =>
            new DateTime(1950, 1, 1, 0, 0, 0, DateTimeKind.Unspecified).AddDays(i * 1013).AddHours(i * 5).AddMinutes(i * 7).AddTicks(i * 1_234_560));
        return fixedOnes.Concat(spread).Distinct();
    }

    /// <summary>A SQL text literal.</summary>
    public static string Text(string value) => $"'{value.Replace("'", "''", StringComparison.Ordinal)}'";
}
