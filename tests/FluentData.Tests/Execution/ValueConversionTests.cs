using FluentData.Dialects;
using FluentData.Execution;

namespace FluentData.Tests.Execution;

public sealed class ValueConversionTests
{
    [Theory]
    [InlineData(42L, typeof(int), 42)]
    [InlineData(1L, typeof(bool), true)]
    [InlineData("7", typeof(long), 7L)]
    [InlineData(3.0, typeof(short), (short)3)]
    public void Numbers_convert_when_nothing_is_lost(object value, Type target, object expected)
    {
        ValueConversion.ConvertTo(value, target).ShouldBe(expected);
    }

    [Fact]
    public void Fractions_overflow_and_null_into_a_value_type_are_errors()
    {
        Should.Throw<InvalidCastException>(() => ValueConversion.ConvertTo(2.5, typeof(int))).Message.ShouldContain("fractional");
        Should.Throw<OverflowException>(() => ValueConversion.ConvertTo(long.MaxValue, typeof(int)));
        Should.Throw<InvalidCastException>(() => ValueConversion.ConvertTo(null, typeof(int))).Message.ShouldContain("NULL");
        ValueConversion.ConvertTo(null, typeof(int?)).ShouldBeNull();
    }

    [Fact]
    public void Strings_parse_into_dates_guids_and_enums_invariantly()
    {
        ValueConversion.ConvertTo("2026-11-26T10:00:00", typeof(DateTime)).ShouldBe(new DateTime(2026, 11, 26, 10, 0, 0));
        ValueConversion.ConvertTo("6f9619ff-8b86-d011-b42d-00c04fc964ff", typeof(Guid)).ShouldBe(Guid.Parse("6f9619ff-8b86-d011-b42d-00c04fc964ff"));
        ValueConversion.ConvertTo("friday", typeof(DayOfWeek)).ShouldBe(DayOfWeek.Friday);
        ValueConversion.ConvertTo(1.5m, typeof(string)).ShouldBe("1.5");
    }

    [Fact]
    public void A_value_for_a_column_is_checked_against_its_type_length_and_nullability()
    {
        var text = new ColumnSchema("code", "varchar", typeof(string), IsNullable: false, MaxLength: 3, IsKey: false) { Kind = ValueKind.Text };
        var number = new ColumnSchema("n", "integer", typeof(int), IsNullable: true, MaxLength: null, IsKey: false) { Kind = ValueKind.Integer };

        Check(text, "abc").ShouldBeNull();
        Check(text, "abcd").ShouldBe("it is 4 characters long and the column holds at most 3");
        Check(text, null).ShouldBe("the column is NOT NULL");
        Check(text, 5).ShouldNotBeNull().ShouldContain("holds text");
        Check(number, 5L).ShouldBeNull();
        Check(number, 5_000_000_000L).ShouldNotBeNull().ShouldContain("does not fit");
        Check(number, "5").ShouldNotBeNull().ShouldContain("not one");
    }

    [Fact]
    public void An_accepted_value_is_converted_to_the_column_type()
    {
        var number = new ColumnSchema("n", "bigint", typeof(long), IsNullable: true, MaxLength: null, IsKey: false) { Kind = ValueKind.Integer };
        object? value = 5;

        ColumnValueCoercion.TryCoerce(number, ref value).ShouldBeNull();

        value.ShouldBeOfType<long>().ShouldBe(5L);
    }

    private static string? Check(ColumnSchema column, object? value) => ColumnValueCoercion.TryCoerce(column, ref value);
}
