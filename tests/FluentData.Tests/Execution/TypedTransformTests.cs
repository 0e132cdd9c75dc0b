using System.ComponentModel.DataAnnotations.Schema;
using FluentData.Tests.Infrastructure;

namespace FluentData.Tests.Execution;

/// <summary>
/// <c>Transform.Table(t).Using&lt;T&gt;(row =&gt; ...)</c>: rows read into the application's own type,
/// the properties the function changed written back, the type checked against the table before
/// the first row.
/// </summary>
public abstract class TypedTransformTests<TDatabase> : ShapeMigrationTests<TDatabase>
    where TDatabase : TestDatabase, new()
{
    private void GivenCustomers()
    {
        Db.Execute("CREATE TABLE customers (id integer NOT NULL PRIMARY KEY, email varchar(320), email_normalized varchar(320), name varchar(40) NOT NULL, balance numeric(10,2) NOT NULL, joined date)");
        Db.Insert("customers", ["id", "email", "email_normalized", "name", "balance", "joined"], Enumerable.Range(1, 30).Select(i => new object?[]
        {
            i, i % 5 == 0 ? null : $"  User{i}@Example.COM ", i % 3 == 0 ? $"user{i}@example.com" : null, $"Customer {i}", i * 1.5m, i % 4 == 0 ? null : new DateTime(2020, 1, i % 28 + 1),
        }));
    }

    private List<string> Customers() =>
        Db.Rows("SELECT id, email_normalized, name, CAST(balance AS varchar(20)), substr(CAST(joined AS varchar(30)), 1, 10) FROM customers ORDER BY id")
            .Select(r => string.Join("|", r.Select(v => v ?? "NULL"))).ToList();

    private List<string> Expected() => Enumerable.Range(1, 30).Select(i =>
        $"{i}|{(i % 5 == 0 ? (i % 3 == 0 ? $"user{i}@example.com" : "NULL") : $"user{i}@example.com")}|Customer {i}|{Balance(i * 1.5m)}|{(i % 4 == 0 ? "NULL" : $"2020-01-{i % 28 + 1:00}")}").ToList();

    private string Balance(decimal value) => Db.Engine == "SQLite" ? value.ToString(System.Globalization.CultureInfo.InvariantCulture).TrimEnd('0').TrimEnd('.') is var s && s.Length > 0 ? s : "0" : value.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);

    [SkippableTheory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_typed_transform_writes_the_properties_the_function_changed(long version)
    {
        GivenCustomers();
        Action<DataMigration> up = m => m.Transform.Table("customers").Using<Customer>(c =>
        {
            if (c.Email is not null)
                c.EmailNormalized = c.Email.Trim().ToLowerInvariant();
        }).InBatchesOf(7);
        if (version == 1)
            Scenario.InTransaction = up;
        else
            Scenario.Online = up;

        var transform = Runner.MigrateUp(version).Migrations.Single(m => m.Version == version).Transforms.Single();

        (transform.Rows, transform.RowsChanged).ShouldBe((30L, 16L));
        transform.Columns.ShouldBe(["email", "email_normalized", "name", "balance", "joined"], ignoreOrder: true);
        Customers().ShouldBe(Expected());
    }

    [SkippableFact]
    public void A_positional_record_with_Column_and_NotMapped_properties_is_a_row_too()
    {
        GivenCustomers();
        Scenario.InTransaction = m => m.Transform.Table("customers").Columns("name").Using<Renamed>(r => r with { Label = r.Label.ToUpperInvariant() });

        Runner.MigrateUp(1).Migrations.Single().Transforms.Single().RowsChanged.ShouldBe(30);

        Db.Rows("SELECT name FROM customers WHERE id = 7").Single()[0].ShouldBe("CUSTOMER 7");
    }

    [SkippableFact]
    public void A_change_to_a_property_the_transform_does_not_write_is_refused_and_nothing_is_written()
    {
        GivenCustomers();
        var before = Customers();
        Scenario.InTransaction = m => m.Transform.Table("customers").Columns("email_normalized").Using<Customer>(c =>
        {
            c.EmailNormalized = "x";
            if (c.Id == 12)
                c.Name = "changed";
        }).InBatchesOf(5);

        var error = Should.Throw<TransformFailedException>(() => Runner.MigrateUp(1));

        (error.Column, error.Key!.ToString()).ShouldBe(("name", "12"));
        error.Message.ShouldContain("changed Customer.Name of row 12, whose column 'name' it does not write: which is not among the columns of .Columns(...)");
        Customers().ShouldBe(before);
    }

    [SkippableFact]
    public void A_change_to_a_key_property_is_refused()
    {
        GivenCustomers();
        Scenario.InTransaction = m => m.Transform.Table("customers").Using<Customer>(c => c.Id += 1000);

        Should.Throw<TransformFailedException>(() => Runner.MigrateUp(1)).Message.ShouldContain("changed Customer.Id of row 1, whose column 'id' it does not write: part of the table's primary key");
    }

    [SkippableFact]
    public void A_type_that_does_not_fit_the_table_is_refused_before_the_first_row_naming_property_and_column()
    {
        GivenCustomers();
        var before = Customers();
        var cases = new (Action<DataMigration> Up, string Message)[]
        {
            (m => m.Transform.Table("customers").Using<WithStranger>(_ => { }), "WithStranger.Nickname stands for a column 'Nickname', which table"),
            (m => m.Transform.Table("customers").Using<WithTextBalance>(_ => { }), "WithTextBalance.Balance (String) cannot stand for column 'balance' (numeric(10,2)): the column holds exact decimals (decimal)"),
            (m => m.Transform.Table("customers").Using<WithNonNullableDate>(_ => { }), "WithNonNullableDate.Joined (DateOnly) cannot stand for column 'joined' (date): the column is nullable and DateOnly cannot hold NULL; declare it DateOnly?"),
            (m => m.Transform.Table("customers").Using<WithNonNullableEmail>(_ => { }), $"WithNonNullableEmail.Email (String) cannot stand for column 'email' ({(Db.Engine == "SQLite" ? "varchar(320)" : "character varying(320)")}): the column is nullable and the property is declared not to hold null; declare it String?"),
        };

        foreach (var (up, message) in cases)
        {
            Scenario.InTransaction = up;
            var error = Should.Throw<TableSchemaException>(() => Runner.MigrateUp(1));
            error.Message.ShouldContain(message);
            error.Message.ShouldStartWith("Transform on 'customers' in ShapeInTransaction (1) works on ");
        }

        Customers().ShouldBe(before);
    }

    private sealed class Customer
    {
        public int Id { get; set; }

        public string? Email { get; set; }

        public string? EmailNormalized { get; set; }

        public string Name { get; set; } = "";

        public decimal Balance { get; set; }

        public DateOnly? Joined { get; set; }

        [NotMapped]
        public string Display => $"{Name} <{Email}>";
    }

    private sealed record Renamed(int Id, [property: Column("name")] string Label)
    {
        [NotMapped]
        public int Length => Label.Length;
    }

    private sealed class WithStranger
    {
        public int Id { get; set; }

        public string? Nickname { get; set; }
    }

    private sealed class WithTextBalance
    {
        public int Id { get; set; }

        public string Balance { get; set; } = "";
    }

    private sealed class WithNonNullableDate
    {
        public int Id { get; set; }

        public DateOnly Joined { get; set; }
    }

    private sealed class WithNonNullableEmail
    {
        public int Id { get; set; }

        public string Email { get; set; } = "";
    }
}

public sealed class SqliteTypedTransformTests : TypedTransformTests<SqliteTestDatabase>;

public sealed class PostgresTypedTransformTests : TypedTransformTests<PostgresTestDatabase>;
