using System.ComponentModel.DataAnnotations.Schema;
using System.Globalization;
using FluentData.Tests.Infrastructure;
using FluentMigrator.Runner.Exceptions;

namespace FluentData.Tests.Execution;

/// <summary>
/// <c>Copy.Rows.From(s).To(t)</c>: source rows turned into target rows in batches by the source's
/// key — by SQL in the database or by a C# mapping giving zero, one or several rows each; atomic in
/// a transaction, resumable online without a duplicate or a miss, counted in results, plans and
/// dry runs, reversed only with the table it fills.
/// </summary>
public abstract class CopyTests<TDatabase> : ShapeMigrationTests<TDatabase>
    where TDatabase : TestDatabase, new()
{
    private const int Customers = 100;

    /// <summary>
    /// 100 customers: every tenth without a street; phones "" (none), "p1" or "p1,p2,p3" by id % 3,
    /// so splitting them gives 0, 1 or 3 rows.
    /// </summary>
    private void GivenCustomers()
    {
        Db.Execute("CREATE TABLE customers (id integer PRIMARY KEY, name varchar(40) NOT NULL, street varchar(40), phones varchar(100) NOT NULL)");
        Db.Insert("customers", ["id", "name", "street", "phones"], Enumerable.Range(1, Customers).Select(i => new object?[]
        {
            i, $"Customer {i}", i % 10 == 0 ? null : $" {i} Main St ", (i % 3) switch { 0 => "", 1 => $"{i}-1", _ => $"{i}-1,{i}-2,{i}-3" },
        }));
    }

    private void GivenAddresses() =>
        Db.Execute("CREATE TABLE addresses (customer_id integer NOT NULL PRIMARY KEY, street varchar(40) NOT NULL, copied_at varchar(10) DEFAULT 'default')");

    private void GivenPhones() =>
        Db.Execute("CREATE TABLE phones (customer_id integer NOT NULL, n integer NOT NULL, number varchar(12) NOT NULL, PRIMARY KEY (customer_id, n))");

    private static Action<DataMigration> SqlCopy(int batch) => m => m.Copy.Rows.From("customers").To("addresses")
        .Columns(("customer_id", "id"), ("street", "trim(street)"))
        .Where("street IS NOT NULL")
        .InBatchesOf(batch);

    private static Action<DataMigration> SplitCopy(int batch) => m => m.Copy.Rows.From("customers").To("phones")
        .Using((row, insert) =>
        {
            var numbers = row.Get<string>("phones")!.Split(',', StringSplitOptions.RemoveEmptyEntries);
            for (var n = 0; n < numbers.Length; n++)
                insert(new { customer_id = row.Get<int>("id"), n = n + 1, number = numbers[n] });
        })
        .InBatchesOf(batch);

    private List<string> Addresses() =>
        Db.Rows("SELECT customer_id, street, copied_at FROM addresses ORDER BY customer_id").Select(r => string.Join("|", r)).ToList();

    private static List<string> ExpectedAddresses() =>
        Enumerable.Range(1, Customers).Where(i => i % 10 != 0).Select(i => $"{i}|{i} Main St|default").ToList();

    private List<string> Phones() =>
        Db.Rows("SELECT customer_id, n, number FROM phones ORDER BY customer_id, n").Select(r => string.Join("|", r)).ToList();

    private static List<string> ExpectedPhones() =>
        Enumerable.Range(1, Customers).SelectMany(i => Enumerable.Range(1, (i % 3) switch { 0 => 0, 1 => 1, _ => 3 }).Select(n => $"{i}|{n}|{i}-{n}")).ToList();

    [SkippableFact]
    public void A_SQL_copy_inserts_one_row_per_source_row_its_Where_selects_computed_by_the_database()
    {
        GivenCustomers();
        GivenAddresses();
        Scenario.InTransaction = SqlCopy(batch: 25);

        var result = Runner.MigrateUp(1).Migrations.Single();

        var copy = result.Copies.Single();
        (copy.Source, copy.Target, copy.RowsRead, copy.RowsInserted, result.RowsInserted).ShouldBe(("customers", "addresses", 90L, 90L, 90L));
        copy.Batches.ShouldBeInRange(4, 8);
        Addresses().ShouldBe(ExpectedAddresses());
        Progress.Reports[^1].ShouldSatisfyAllConditions(
            p => p.Completed.ShouldBeTrue(),
            p => (p.RowsDone, p.RowsChanged).ShouldBe((90L, 90L)),
            p => p.Columns.ShouldBe(["customer_id", "street"]),
            p => p.Kind.ShouldBe("copy"),
            p => p.ToString().ShouldContain("copy of 'customers': 90 of "),
            p => p.ToString().ShouldContain("rows read, 90 inserted"));
    }

    [SkippableFact]
    public void A_CSharp_copy_splits_each_source_row_into_zero_one_or_three_rows()
    {
        GivenCustomers();
        GivenPhones();
        Scenario.Online = SplitCopy(batch: 7);

        var copy = Runner.MigrateUp(2).Migrations.Single(m => m.Version == 2).Copies.Single();

        (copy.RowsRead, copy.RowsInserted).ShouldBe((100L, 133L));
        copy.Batches.ShouldBe(15);
        Progress.Reports[^1].ToString().ShouldContain("copy of 'customers': 100 of 100 rows read, 133 inserted");
        Phones().ShouldBe(ExpectedPhones());
        Db.CheckpointRows().ShouldBe(0);
    }

    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public void An_online_copy_cancelled_part_way_is_resumed_by_its_rerun_without_a_duplicate_or_a_miss(bool inSql)
    {
        GivenCustomers();
        GivenAddresses();
        GivenPhones();
        Scenario.Online = inSql ? SqlCopy(batch: 20) : SplitCopy(batch: 20);
        Stop.After = 2;

        Should.Throw<OperationCanceledException>(() => Runner.MigrateUp(2, Stop.Token));
        var copied = inSql ? Addresses().Count : Phones().Count;
        copied.ShouldBeGreaterThan(0);

        Stop.After = null;
        var step = Runner.Plan().Migrations.Single(m => m.Version == 2).Steps.Single(s => s.Kind == "copy");
        step.Rows.ShouldBe(inSql ? 90 - copied : 60);
        step.Note.ShouldNotBeNull().ShouldContain("read in an earlier run");
        var dryRun = Runner.DryRun().Copies.Single();
        (dryRun.RowsRead, dryRun.RowsInserted).ShouldBe(inSql ? (90L, 90L) : (100L, 133L));

        var copy = Runner.MigrateUp(2).Migrations.Single(m => m.Version == 2).Copies.Single();

        (copy.RowsRead, copy.RowsInserted).ShouldBe(inSql ? (90L, 90L) : (100L, 133L));
        if (inSql)
            Addresses().ShouldBe(ExpectedAddresses());
        else
            Phones().ShouldBe(ExpectedPhones());
        Db.CheckpointRows().ShouldBe(0);
    }

    [SkippableFact]
    public void A_value_its_target_column_cannot_take_is_named_and_a_transactional_copy_leaves_nothing_copied()
    {
        GivenCustomers();
        GivenAddresses();
        Scenario.InTransaction = m => m.Copy.Rows.From("customers").To("addresses")
            .Using(row => new { customer_id = row.Get<int>("id"), street = row.Get<int>("id") == 57 ? new string('x', 41) : "ok" })
            .InBatchesOf(10);

        var error = Should.Throw<TransformFailedException>(() => Runner.MigrateUp(1));

        error.Message.ShouldContain("Copy from 'customers' to 'addresses' in ShapeInTransaction (1) failed on source row 57:");
        error.Message.ShouldContain("cannot be written to 'street'");
        error.Message.ShouldContain("The migration's transaction is rolled back: no row is copied.");
        (error.Table, error.Column, error.Key!.ToString()).ShouldBe(("addresses", "street", "57"));
        Addresses().ShouldBeEmpty();
    }

    [SkippableFact]
    public void A_NULL_into_a_NOT_NULL_column_is_refused_before_the_batch_is_written()
    {
        GivenCustomers();
        GivenAddresses();
        Scenario.InTransaction = m => m.Copy.Rows.From("customers").To("addresses")
            .Using(row => new { customer_id = row.Get<int>("id"), street = row.Get<string>("street") })
            .InBatchesOf(7);

        var error = Should.Throw<TransformFailedException>(() => Runner.MigrateUp(1));

        error.Message.ShouldContain("failed on source row 10: NULL cannot be written to 'street' (");
        error.Message.ShouldContain("the column is NOT NULL");
        Addresses().ShouldBeEmpty();
    }

    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_row_the_database_refuses_is_named_by_its_source_key_and_a_transactional_copy_leaves_nothing_copied(bool inSql)
    {
        GivenCustomers();
        GivenAddresses();
        Db.Execute("INSERT INTO addresses (customer_id, street) VALUES (33, 'already here')");
        Action<DataMigration> copy = inSql
            ? SqlCopy(batch: 25)
            : m => m.Copy.Rows.From("customers").To("addresses").Using(row => new { customer_id = row.Get<int>("id"), street = "s" }).InBatchesOf(25);
        Scenario.InTransaction = copy;

        var atomic = Should.Throw<DataMigrationException>(() => Runner.MigrateUp(1));

        // PostgreSQL aborts the migration's transaction at the first refusal: the batch is named, as nothing more can be tried in it.
        atomic.Message.ShouldContain(Db.Engine == "PostgreSQL"
            ? $"Copy from 'customers' to 'addresses' in ShapeInTransaction (1) failed on the source rows {(inSql ? "after key 25" : "from key 26")} up to 50: "
            : "Copy from 'customers' to 'addresses' in ShapeInTransaction (1) failed on source row 33: ");
        atomic.Message.ShouldContain("The migration's transaction is rolled back: no row is copied.");
        Addresses().ShouldBe(["33|already here|default"]);

        Scenario.InTransaction = _ => { };
        Scenario.Online = copy;
        var online = Should.Throw<DataMigrationException>(() => Runner.MigrateUp(2));

        online.Message.ShouldContain("Copy from 'customers' to 'addresses' in ShapeOnline (2) failed on source row 33: ");
        online.Key!.ToString().ShouldBe("33");
        Addresses().Count.ShouldBe(inSql ? 24 : 26);
    }

    [SkippableFact]
    public void A_mapping_that_throws_or_names_a_column_the_target_lacks_is_named_with_the_source_row()
    {
        GivenCustomers();
        GivenAddresses();
        Scenario.InTransaction = m => m.Copy.Rows.From("customers").To("addresses")
            .Using(row => row.Get<int>("id") == 42 ? throw new InvalidOperationException("no address") : new { customer_id = row.Get<int>("id"), street = "s" });

        var thrown = Should.Throw<TransformFailedException>(() => Runner.MigrateUp(1));
        thrown.Message.ShouldContain("failed on source row 42: the mapping threw InvalidOperationException: no address.");
        Addresses().ShouldBeEmpty();

        Scenario.InTransaction = m => m.Copy.Rows.From("customers").To("addresses")
            .Using(row => new { customer_id = row.Get<int>("id"), street = "s", city = "c" });
        var unknown = Should.Throw<TableSchemaException>(() => Runner.MigrateUp(1));
        unknown.Message.ShouldContain("the row the mapping inserted for source row 1 has 'city', which table ");
        unknown.Message.ShouldContain("addresses' has no column for. Its columns are: customer_id, street, copied_at. Nothing of this batch was written.");
        Addresses().ShouldBeEmpty();
    }

    [SkippableFact]
    public void A_row_with_no_columns_and_a_refusal_the_mapping_catches_itself_still_stop_the_copy()
    {
        GivenCustomers();
        GivenAddresses();
        Scenario.InTransaction = m => m.Copy.Rows.From("customers").To("addresses")
            .Using(row => row.Get<int>("id") <= 3 ? new { customer_id = row.Get<int>("id"), street = "s" } : new Dictionary<string, object?>())
            .InBatchesOf(3);

        Should.Throw<TransformFailedException>(() => Runner.MigrateUp(1)).Message
            .ShouldContain("failed on source row 4: the mapping inserted a Dictionary`2 with no column values");
        Addresses().ShouldBeEmpty();

        // "Skip the rows that fail" must not skip a row FluentData refused: it would be lost without a word.
        Scenario.InTransaction = m => m.Copy.Rows.From("customers").To("addresses")
            .Using((row, insert) =>
            {
                try
                {
                    insert(new { customer_id = row.Get<int>("id"), street = row.Get<int>("id") == 4 ? new string('x', 41) : "s" });
                }
                catch (Exception)
                {
                }
            });

        Should.Throw<TransformFailedException>(() => Runner.MigrateUp(1)).Message.ShouldContain("failed on source row 4:");
        Addresses().ShouldBeEmpty();
    }

    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public void Keys_copied_into_a_column_numbered_by_the_database_move_its_numbering_past_them_but_not_in_a_dry_run(bool inSql)
    {
        GivenCustomers();
        Db.Execute($"CREATE TABLE accounts ({(Db.Engine == "PostgreSQL" ? "id serial PRIMARY KEY" : "id INTEGER PRIMARY KEY AUTOINCREMENT")}, name varchar(40) NOT NULL)");
        Scenario.InTransaction = inSql
            ? m => m.Copy.Rows.From("customers").To("accounts").Columns(("id", "id"), ("name", "name"))
            : m => m.Copy.Rows.From("customers").To("accounts").Using(row => new { id = row["id"], name = row["name"] });

        Runner.DryRun().Copies.Single().RowsInserted.ShouldBe(Customers);
        Db.Execute("INSERT INTO accounts (name) VALUES ('before')");
        Db.Scalar<long>("SELECT id FROM accounts WHERE name = 'before'").ShouldBe(1);
        Db.Execute("DELETE FROM accounts");

        Runner.MigrateUp(1);

        // The application's next insert takes the next number, not one a copied row holds.
        Db.Execute("INSERT INTO accounts (name) VALUES ('after')");
        Db.Scalar<long>("SELECT id FROM accounts WHERE name = 'after'").ShouldBe(Customers + 1);
    }

    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_trigger_that_ends_the_transaction_fails_the_copy_with_its_context(bool online)
    {
        Skip.IfNot(Db.Engine == "SQLite", "RAISE(ROLLBACK) is SQLite's");
        GivenCustomers();
        GivenAddresses();
        Db.Execute("CREATE TRIGGER no_seven BEFORE INSERT ON addresses WHEN NEW.customer_id = 7 BEGIN SELECT RAISE(ROLLBACK, 'no seven'); END");
        Action<DataMigration> copy = m => m.Copy.Rows.From("customers").To("addresses").Using(row => new { customer_id = row.Get<int>("id"), street = "s" }).InBatchesOf(5);
        if (online)
            Scenario.Online = copy;
        else
            Scenario.InTransaction = copy;

        var error = Should.Throw<DataMigrationException>(() => Runner.MigrateUp(online ? 2 : 1));

        error.Message.ShouldContain("Copy from 'customers' to 'addresses'");
        error.Message.ShouldContain("no seven");
        Addresses().Count.ShouldBe(online ? 5 : 0);
    }

    [SkippableFact]
    public void The_mapping_sees_every_source_row_once_so_it_may_keep_state()
    {
        GivenCustomers();
        Db.Execute("CREATE TABLE kinds (kind integer PRIMARY KEY, first_customer integer NOT NULL)");
        var seen = new HashSet<int>();
        var calls = 0;
        Scenario.Online = m => m.Copy.Rows.From("customers").To("kinds")
            .Using(row =>
            {
                calls++;
                var kind = row.Get<int>("id") % 7;
                return seen.Add(kind) ? new { kind, first_customer = row.Get<int>("id") } : null;
            })
            .InBatchesOf(10);

        Runner.MigrateUp(2);

        calls.ShouldBe(Customers);
        Db.Rows("SELECT kind, first_customer FROM kinds ORDER BY kind").Select(r => $"{r[0]}|{r[1]}").ShouldBe(["0|7", "1|1", "2|2", "3|3", "4|4", "5|5", "6|6"]);
    }

    [SkippableTheory]
    [InlineData(true, "contacts")]
    [InlineData(false, "contacts")]
    [InlineData(true, "known")]
    [InlineData(false, "known")]
    public void A_Where_that_looks_at_the_target_sees_the_rows_earlier_batches_inserted(bool online, string through)
    {
        Db.Execute("CREATE TABLE people (id integer PRIMARY KEY, email varchar(20) NOT NULL)");
        Db.Insert("people", ["id", "email"], Enumerable.Range(1, 30).Select(i => new object?[] { i, $"e{i % 10}" }));
        Db.Execute("CREATE TABLE contacts (email varchar(20) NOT NULL)");
        Db.Execute("CREATE VIEW known AS SELECT email FROM contacts");
        Action<DataMigration> copy = m => m.Copy.Rows.From("people").To("contacts")
            .Using(row => new { email = row["email"] })
            .Where($"NOT EXISTS (SELECT 1 FROM {through} c WHERE c.email = people.email)")
            .InBatchesOf(10);
        if (online)
            Scenario.Online = copy;
        else
            Scenario.InTransaction = copy;

        Runner.MigrateUp(online ? 2 : 1);

        Db.Scalar<long>("SELECT COUNT(*) FROM contacts").ShouldBe(10);
    }

    [SkippableFact]
    public void Typed_rows_and_dictionaries_map_to_columns_by_name_ignoring_case_and_underscores_or_by_their_Column_attribute()
    {
        GivenCustomers();
        GivenAddresses();
        Scenario.InTransaction = m => m.Copy.Rows.From("customers").To("addresses")
            .Using(row => row.Get<int>("id") % 2 == 0
                ? new Address { CustomerId = row.Get<int>("id"), Line = "even", Ignored = "x" }
                : new Dictionary<string, object?> { ["CUSTOMER_ID"] = row.Get<int>("id"), ["street"] = "odd" })
            .Where("id <= 4");

        Runner.MigrateUp(1);

        Addresses().ShouldBe(["1|odd|default", "2|even|default", "3|odd|default", "4|even|default"]);

        // Any string-keyed dictionary, not only one of object values.
        Db.Execute("CREATE TABLE notes (note varchar(40) NOT NULL)");
        Scenario.Online = m => m.Copy.Rows.From("customers").To("notes").Using(row => new Dictionary<string, string> { ["note"] = row.Get<string>("name")! });
        Runner.MigrateUp(2);
        Db.Scalar<long>("SELECT COUNT(*) FROM notes").ShouldBe(Customers);
    }

    [SkippableFact]
    public void A_copy_into_a_table_its_Up_creates_is_undone_by_the_generated_Down_dropping_that_table()
    {
        GivenCustomers();
        Scenario.OnlineReversible = m =>
        {
            m.Create.Table("addresses").WithColumn("customer_id").AsInt32().NotNullable().PrimaryKey().WithColumn("street").AsString(40).NotNullable();
            m.Copy.Rows.From("customers").To("addresses").Columns(("customer_id", "id"), ("street", "trim(street)")).Where("street IS NOT NULL");
        };

        Runner.MigrateUp(3);
        Db.Scalar<long>("SELECT COUNT(*) FROM addresses").ShouldBe(90);
        Runner.MigrateDown(2);

        Db.Scalar<long>("SELECT COUNT(*) FROM customers").ShouldBe(Customers);
        Should.Throw<Exception>(() => Db.Scalar<long>("SELECT COUNT(*) FROM addresses"));
    }

    [SkippableFact]
    public void A_copy_into_an_existing_table_cannot_be_reversed_exactly_so_it_is_refused_before_Up_writes()
    {
        GivenCustomers();
        GivenAddresses();
        Scenario.OnlineReversible = m =>
        {
            m.Execute.Sql("UPDATE customers SET name = 'touched'");
            SqlCopy(batch: 10)(m);
        };

        var error = Should.Throw<DataMigrationException>(() => Runner.MigrateUp(3));

        error.Message.ShouldContain("Copy from 'customers' to 'addresses' in ShapeOnlineReversible (3) cannot be reversed exactly");
        error.Message.ShouldContain("Nothing was changed.");
        Db.Scalar<long>("SELECT COUNT(*) FROM customers WHERE name = 'touched'").ShouldBe(0);
        Addresses().ShouldBeEmpty();
    }

    [SkippableFact]
    public void A_copy_without_a_mapping_or_into_a_missing_table_or_column_is_refused_before_anything_runs()
    {
        GivenCustomers();
        GivenAddresses();
        Scenario.InTransaction = m => m.Copy.Rows.From("customers").To("addresses");
        Should.Throw<InvalidMigrationException>(() => Runner.MigrateUp(1)).Message
            .ShouldContain("Copy from 'customers' to 'addresses' in ShapeInTransaction (1) needs one mapping");

        Scenario.InTransaction = m => m.Copy.Rows.From("customers").To("adresses").Columns(("customer_id", "id"));
        Should.Throw<TableSchemaException>(() => Runner.MigrateUp(1)).Message
            .ShouldContain("inserts into table 'adresses', which does not exist");

        Scenario.InTransaction = m => m.Copy.Rows.From("customers").To("addresses").Columns(("customer", "id"));
        Should.Throw<TableSchemaException>(() => Runner.MigrateUp(1)).Message
            .ShouldContain("addresses' does not have. Its columns are: customer_id, street, copied_at. Nothing was changed.");
        Addresses().ShouldBeEmpty();

        Db.Execute("CREATE TABLE labels (customer_id integer PRIMARY KEY, label varchar(50) GENERATED ALWAYS AS ('#' || customer_id) STORED)");
        Scenario.InTransaction = m => m.Copy.Rows.From("customers").To("labels").Columns(("customer_id", "id"), ("label", "name"));
        Should.Throw<TableSchemaException>(() => Runner.MigrateUp(1)).Message
            .ShouldContain("sets 'label', which the database generates itself and will not let anyone write. Leave it out of Columns(...). Nothing was changed.");
        Scenario.InTransaction = m => m.Copy.Rows.From("customers").To("labels").Using(row => new { customer_id = row["id"], label = "x" });
        Should.Throw<TableSchemaException>(() => Runner.MigrateUp(1)).Message
            .ShouldContain("the mapping sets 'label', which the database generates itself and will not let anyone write.");
    }

    [SkippableTheory]
    [InlineData("code varchar(10) NOT NULL PRIMARY KEY, n integer NOT NULL", true)]
    [InlineData("code varchar(10) NOT NULL, n integer NOT NULL, PRIMARY KEY (n, code)", true)]
    [InlineData("code varchar(10) NOT NULL PRIMARY KEY, n integer NOT NULL", false)]
    [InlineData("code varchar(10) NOT NULL, n integer NOT NULL, PRIMARY KEY (n, code)", false)]
    public void Text_and_composite_keys_are_copied_exactly_once_in_small_batches(string columns, bool inSql)
    {
        Db.Execute($"CREATE TABLE codes ({columns})");
        Db.Execute("CREATE TABLE code_copies (code varchar(10) NOT NULL PRIMARY KEY, n integer NOT NULL)");
        var codes = Enumerable.Range(1, 100).Select(i => new object?[] { $"c{i:x}", i % 10 }).ToList();
        Db.Insert("codes", ["code", "n"], codes);
        Scenario.Online = inSql
            ? m => m.Copy.Rows.From("codes").To("code_copies").Columns(("code", "code"), ("n", "n")).Where("n < 7").InBatchesOf(7)
            : m => m.Copy.Rows.From("codes").To("code_copies").Using(row => row.Get<int>("n") < 7 ? new { code = row.Get<string>("code"), n = row.Get<int>("n") } : null).InBatchesOf(7);

        Runner.MigrateUp(2).Migrations.Single(x => x.Version == 2).RowsInserted.ShouldBe(70);

        Db.Rows("SELECT code, n FROM code_copies ORDER BY code").Select(r => $"{r[0]}|{Convert.ToInt32(r[1], CultureInfo.InvariantCulture)}")
            .ShouldBe(codes.Where(c => (int)c[1]! < 7).Select(c => $"{c[0]}|{c[1]}").OrderBy(c => c.Split('|')[0], StringComparer.Ordinal));
    }

    [SkippableFact]
    public void A_CSharp_copy_reads_its_source_rows_into_a_class_of_its_own()
    {
        GivenCustomers();
        GivenAddresses();
        Scenario.InTransaction = m => m.Copy.Rows.From("customers").To("addresses")
            .Using<CustomerRow>(c => c.Street is null ? null : new Address { CustomerId = c.Id, Line = c.Street.Trim() })
            .InBatchesOf(25);

        Runner.MigrateUp(1).Migrations.Single().RowsInserted.ShouldBe(90);

        Addresses().ShouldBe(ExpectedAddresses());
    }

    [SkippableFact]
    public void A_source_class_that_does_not_fit_the_source_table_is_refused_before_anything_is_copied()
    {
        GivenCustomers();
        GivenAddresses();
        Scenario.InTransaction = m => m.Copy.Rows.From("customers").To("addresses").Using<NumberedStreet>(c => new { customer_id = c.Id, street = "x" });

        var error = Should.Throw<TableSchemaException>(() => Runner.MigrateUp(1));

        error.Message.ShouldStartWith("Copy from 'customers' to 'addresses' in ShapeInTransaction (1) reads NumberedStreet rows, but NumberedStreet.Street (Int32?) cannot stand for column 'street'");
        Addresses().ShouldBeEmpty();
    }

    private sealed class CustomerRow
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";

        public string? Street { get; set; }

        public string Phones { get; set; } = "";
    }

    private sealed class NumberedStreet
    {
        public int Id { get; set; }

        public int? Street { get; set; }
    }

    private sealed class Address
    {
        public int CustomerId { get; init; }

        [Column("street")]
        public string? Line { get; init; }

        [NotMapped]
        public string? Ignored { get; init; }
    }
}

public sealed class SqliteCopyTests : CopyTests<SqliteTestDatabase>;

public sealed class PostgresCopyTests : CopyTests<PostgresTestDatabase>;
