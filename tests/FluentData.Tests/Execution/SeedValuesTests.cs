using FluentData.Dialects;
using FluentData.Execution;

namespace FluentData.Tests.Execution;

/// <summary>How a value written in a seed file is read for its column: exactly, or refused with the reason.</summary>
public sealed class SeedValuesTests
{
    private static ColumnSchema Column(ValueKind kind, Type clr) => new("c", "t", clr, true, null, false) { Kind = kind };

    [Theory]
    [InlineData("12.50", "12.50")]
    [InlineData("-0.001", "-0.001")]
    [InlineData("1e3", "1000")]
    [InlineData("1.5E-2", "0.015")]
    [InlineData("79228162514264337593543950335", "79228162514264337593543950335")]
    public void A_decimal_is_read_with_the_digits_it_is_written_with(string text, string expected) =>
        ((decimal)SeedValues.FromText(Column(ValueKind.Decimal, typeof(decimal)), text)).ToString(System.Globalization.CultureInfo.InvariantCulture).ShouldBe(expected);

    [Theory]
    [InlineData("3.14159265358979323846264338327950288")]
    [InlineData("1e-40")]
    public void A_decimal_a_NET_decimal_would_round_is_refused(string text) =>
        Should.Throw<FormatException>(() => SeedValues.FromText(Column(ValueKind.Decimal, typeof(decimal)), text)).Message.ShouldContain("has more digits than a .NET decimal holds exactly");

    [Fact]
    public void A_decimal_beyond_a_NET_decimal_is_refused() =>
        Should.Throw<FormatException>(() => SeedValues.FromText(Column(ValueKind.Decimal, typeof(decimal)), "79228162514264337593543950336"))
            .Message.ShouldBe("\"79228162514264337593543950336\" is not a decimal number such as 12.50");

    [Theory]
    [InlineData("1e400")]
    [InlineData("-1e400")]
    [InlineData("1e-400")]
    public void A_double_out_of_range_is_refused_not_made_infinite_or_zero(string text) =>
        Should.Throw<FormatException>(() => SeedValues.FromText(Column(ValueKind.Double, typeof(double)), text)).Message.ShouldContain("within the range of double precision");

    [Fact]
    public void Dates_and_times_are_read_as_ISO_8601_only()
    {
        SeedValues.FromText(Column(ValueKind.Date, typeof(DateOnly)), "2026-02-28").ShouldBe(new DateOnly(2026, 2, 28));
        SeedValues.FromText(Column(ValueKind.Time, typeof(TimeOnly)), "13:45:00.1234567").ShouldBe(new TimeOnly(13, 45).Add(TimeSpan.FromTicks(1_234_567)));
        SeedValues.FromText(Column(ValueKind.Timestamp, typeof(DateTime)), "2026-12-01T13:45").ShouldBe(new DateTime(2026, 12, 1, 13, 45, 0));
        SeedValues.FromText(Column(ValueKind.TimestampUtc, typeof(DateTime)), "2026-12-01 13:45:00-05:30").ShouldBe(new DateTimeOffset(2026, 12, 1, 13, 45, 0, new TimeSpan(-5, -30, 0)));
        Should.Throw<FormatException>(() => SeedValues.FromText(Column(ValueKind.Date, typeof(DateOnly)), "2026-02-30"));
        Should.Throw<FormatException>(() => SeedValues.FromText(Column(ValueKind.Date, typeof(DateOnly)), "01/12/2026"));
        Should.Throw<FormatException>(() => SeedValues.FromText(Column(ValueKind.TimestampUtc, typeof(DateTime)), "01/12/2026 10:00:00+01:00"));
        Should.Throw<FormatException>(() => SeedValues.FromText(Column(ValueKind.TimestampUtc, typeof(DateTime)), "2026-12-01 10:00:00")).Message.ShouldContain("does not say which instant it is");
        Should.Throw<FormatException>(() => SeedValues.FromText(Column(ValueKind.Timestamp, typeof(DateTime)), "2026-12-01 10:00:00Z")).Message.ShouldContain("names a time zone");
    }

    [Fact]
    public void Booleans_bytes_and_untyped_columns_read_their_usual_spellings()
    {
        SeedValues.FromText(Column(ValueKind.Boolean, typeof(bool)), "Yes").ShouldBe(true);
        SeedValues.FromText(Column(ValueKind.Boolean, typeof(bool)), "f").ShouldBe(false);
        SeedValues.FromText(Column(ValueKind.Bytes, typeof(byte[])), "\\x0aFF").ShouldBe(new byte[] { 0x0a, 0xff });
        Should.Throw<FormatException>(() => SeedValues.FromText(Column(ValueKind.Bytes, typeof(byte[])), "0aff"));
        SeedValues.FromText(Column(ValueKind.Any, typeof(object)), "5").ShouldBe(5L);
        SeedValues.FromText(Column(ValueKind.Any, typeof(object)), "2.5").ShouldBe(2.5);
        SeedValues.FromText(Column(ValueKind.Any, typeof(object)), "five").ShouldBe("five");
    }
}
