using FluentData.Tests.Infrastructure;
using FluentData.Tests.Migrations.People;
using Microsoft.Extensions.DependencyInjection;

namespace FluentData.Tests.Execution;

/// <summary>The transform's behaviour, written once and run on every database.</summary>
public abstract class TransformTests<TDatabase>() : MigrationTests<TDatabase>("FluentData.Tests.Migrations.People")
    where TDatabase : TestDatabase, new()
{
    private readonly PeopleScenario _scenario = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton(_scenario);

    /// <summary>Creates the tables (version 1) and fills people 1..count; every 10th person has no first name.</summary>
    private void GivenPeople(int count)
    {
        Runner.MigrateUp(1);
        Db.Insert("people", ["id", "first_name", "last_name"], Enumerable.Range(1, count)
            .Select(i => new object?[] { (long)i, i % 10 == 0 ? null : $"First{i}", $"Last{i}" }));
    }

    private Dictionary<long, string?> FullNames() =>
        Db.Rows("SELECT id, full_name FROM people ORDER BY id")
            .ToDictionary(r => Convert.ToInt64(r[0], System.Globalization.CultureInfo.InvariantCulture), r => (string?)r[1]);

    private bool IsApplied(long version) => Runner.ListMigrations().Single(m => m.Version == version).IsApplied;

    [SkippableFact]
    public void Transform_updates_every_row()
    {
        GivenPeople(25);

        var result = Runner.MigrateUp(2);

        var names = FullNames();
        names.Count.ShouldBe(25);
        names[1].ShouldBe("First1 Last1");
        names[25].ShouldBe("First25 Last25");
        names[10].ShouldBe(" Last10");
        result.RowsTransformed.ShouldBe(25);
        result.Migrations.Single().Name.ShouldBe(nameof(TransformPeople));
        IsApplied(2).ShouldBeTrue();
    }

    [SkippableFact]
    public void Where_leaves_the_other_rows_alone()
    {
        GivenPeople(30);
        _scenario.Filter = "first_name IS NOT NULL";

        var result = Runner.MigrateUp(2);

        var names = FullNames();
        names.Where(p => p.Key % 10 == 0).ShouldAllBe(p => p.Value == null);
        names.Where(p => p.Key % 10 != 0).ShouldAllBe(p => p.Value == $"First{p.Key} Last{p.Key}");
        result.RowsTransformed.ShouldBe(27);
    }

    [SkippableTheory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1_000)]
    public void Batch_size_does_not_change_the_result(int batchSize)
    {
        GivenPeople(50);
        _scenario.BatchSize = batchSize;

        var result = Runner.MigrateUp(2);

        FullNames().ShouldAllBe(p => p.Value == (p.Key % 10 == 0 ? $" Last{p.Key}" : $"First{p.Key} Last{p.Key}"));
        result.Migrations.Single().Transforms.Single().Batches.ShouldBe((int)Math.Ceiling(50.0 / batchSize));
    }

    [SkippableFact]
    public void A_column_the_function_reads_only_for_later_rows_is_still_read()
    {
        GivenPeople(40);
        _scenario.BatchSize = 7;
        _scenario.Value = row => (long)row.Key.Value > 30 ? $"{row["last_name"]}!" : "early";

        Runner.MigrateUp(2);

        var names = FullNames();
        names[30].ShouldBe("early");
        names[31].ShouldBe("Last31!");
        names[40].ShouldBe("Last40!");
    }

    [SkippableFact]
    public void Short_long_and_non_ASCII_text_is_written_as_returned()
    {
        Db.Execute($"CREATE TABLE essays ({Db.BigIntKey("id")}, body text)");
        Db.Insert("essays", ["id"], Enumerable.Range(1, 30).Select(i => new object?[] { (long)i }));
        _scenario.Table = "essays";
        _scenario.Columns = ["body"];
        _scenario.Value = row => Essay((long)row.Key.Value);

        Runner.MigrateUp(2);

        var bodies = Db.Rows("SELECT id, body FROM essays ORDER BY id");
        bodies.Count.ShouldBe(30);
        bodies.ShouldAllBe(r => (string?)r[1] == Essay(Convert.ToInt64(r[0], System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>Odd keys a few characters, even keys 5,000 three-byte characters: longer than any buffer kept for short values.</summary>
    private static string Essay(long key) => key % 2 == 0 ? new string('€', 5_000) + key : $"é{key}";

    [SkippableFact]
    public void Nulls_are_read_as_null_and_written_as_NULL()
    {
        GivenPeople(20);
        _scenario.Value = row => row["first_name"] is null ? null : $"{row["first_name"]}!";

        Runner.MigrateUp(2);

        var names = FullNames();
        names[10].ShouldBeNull();
        names[20].ShouldBeNull();
        names[3].ShouldBe("First3!");
    }

    [SkippableFact]
    public void A_transform_that_throws_rolls_everything_back_and_names_the_key()
    {
        GivenPeople(40);
        _scenario.BatchSize = 7;
        _scenario.Value = row => (long)row.Key.Value == 23 ? throw new InvalidOperationException("bad person") : "changed";

        var error = Should.Throw<TransformFailedException>(() => Runner.MigrateUp(2));

        error.Message.ShouldContain("TransformPeople (2)");
        error.Message.ShouldContain("'people'.'full_name'");
        error.Message.ShouldContain("key 23");
        error.Message.ShouldContain("bad person");
        error.Key!.Value.ShouldBe(23L);
        error.Table.ShouldBe("people");
        error.Column.ShouldBe("full_name");
        error.InnerException.ShouldBeOfType<InvalidOperationException>();
        FullNames().Values.ShouldAllBe(v => v == null);
        IsApplied(2).ShouldBeFalse();
    }

    [SkippableFact]
    public void A_value_too_long_for_the_column_fails_before_writing_and_names_the_key()
    {
        GivenPeople(0);
        Db.Execute("CREATE TABLE codes (id integer PRIMARY KEY, code varchar(3))");
        Db.Insert("codes", ["id", "code"], Enumerable.Range(1, 20).Select(i => new object?[] { i, "a" }));
        _scenario.Table = "codes";
        _scenario.Columns = ["code"];
        _scenario.Value = row => Convert.ToInt64(row.Key.Value, System.Globalization.CultureInfo.InvariantCulture) == 12 ? "abcd" : "abc";

        var error = Should.Throw<TransformFailedException>(() => Runner.MigrateUp(2));

        error.Message.ShouldContain("key 12");
        error.Message.ShouldContain("4 characters long and the column holds at most 3");
        Db.Rows("SELECT DISTINCT code FROM codes").Single().ShouldBe(new object?[] { "a" });
        IsApplied(2).ShouldBeFalse();
    }

    [SkippableFact]
    public void A_row_the_database_refuses_is_named_by_its_key_and_nothing_is_kept()
    {
        GivenPeople(0);
        Db.Execute("CREATE TABLE scores (id integer PRIMARY KEY, score integer CHECK (score < 100))");
        Db.Insert("scores", ["id", "score"], Enumerable.Range(1, 30).Select(i => new object?[] { i, 0 }));
        _scenario.Table = "scores";
        _scenario.Columns = ["score"];
        _scenario.BatchSize = 8;
        _scenario.Value = row => Convert.ToInt32(row.Key.Value, System.Globalization.CultureInfo.InvariantCulture) * 7;

        var error = Should.Throw<TransformFailedException>(() => Runner.MigrateUp(2));

        // SQLite rolls back only the failed statement, so the batch can be retried row by row
        // to find the culprit; PostgreSQL aborts the transaction, and a savepoint per batch to
        // prevent that would overflow its subtransaction cache, so it names the batch.
        if (Db.Engine == "SQLite")
        {
            error.Message.ShouldContain("refused to write the row with key 15");
            error.Key!.Value.ShouldBe(15L);
        }
        else
        {
            error.Message.ShouldContain("refused to write the batch of keys 9 to 16");
            error.Message.ShouldContain("scores_score_check");
        }

        Db.Scalar<long>("SELECT SUM(score) FROM scores").ShouldBe(0);
        IsApplied(2).ShouldBeFalse();
    }

    [SkippableFact]
    public void A_filter_the_database_cannot_run_is_named_in_the_error()
    {
        GivenPeople(3);
        _scenario.Filter = "no_such_column = 1";

        var error = Should.Throw<DataMigrationException>(() => Runner.MigrateUp(2));

        error.Message.ShouldContain("could not read the table");
        error.Message.ShouldContain("Where(\"no_such_column = 1\")");
        IsApplied(2).ShouldBeFalse();
    }

    [SkippableFact]
    public void A_value_of_the_wrong_type_for_the_column_fails_and_names_the_key()
    {
        GivenPeople(5);
        _scenario.Value = row => row.Key.Value;

        var error = Should.Throw<TransformFailedException>(() => Runner.MigrateUp(2));

        error.Message.ShouldContain("key 1");
        error.Message.ShouldContain("Int64 1");
        error.Message.ShouldContain("holds text");
        FullNames().Values.ShouldAllBe(v => v == null);
    }

    [SkippableFact]
    public void Null_into_a_NOT_NULL_column_fails_and_names_the_key()
    {
        GivenPeople(5);
        _scenario.Columns = ["visits"];
        _scenario.Value = row => (long)row.Key.Value == 4 ? null : 1;

        var error = Should.Throw<TransformFailedException>(() => Runner.MigrateUp(2));

        error.Message.ShouldContain("key 4");
        error.Message.ShouldContain("NOT NULL");
        Db.Scalar<long>("SELECT SUM(visits) FROM people").ShouldBe(0);
    }

    [SkippableFact]
    public void Get_with_a_value_that_cannot_convert_names_table_column_and_key()
    {
        GivenPeople(5);
        _scenario.Value = row => row.Get<int>("first_name").ToString(System.Globalization.CultureInfo.InvariantCulture);

        var error = Should.Throw<TransformFailedException>(() => Runner.MigrateUp(2));

        var conversion = error.InnerException.ShouldBeOfType<DataConversionException>();
        conversion.Message.ShouldContain("'people'.'first_name'");
        conversion.Message.ShouldContain("key 1");
        conversion.Message.ShouldContain("\"First1\"");
        conversion.Column.ShouldBe("first_name");
        conversion.Key!.Value.ShouldBe(1L);
        conversion.TargetType.ShouldBe(typeof(int));
    }

    [SkippableFact]
    public void Get_converts_numbers_and_nullable_types()
    {
        GivenPeople(3);
        _scenario.Value = row => $"{row.Get<long>("id") + 1}/{row.Get<int?>("visits")}/{row.Get<decimal>("visits")}/{row.Get<string>("id")}";

        Runner.MigrateUp(2);

        FullNames()[2].ShouldBe("3/0/0/2");
    }

    [SkippableFact]
    public void An_unknown_target_column_fails_before_any_row_is_touched()
    {
        GivenPeople(5);
        _scenario.Columns = ["fullname"];

        var error = Should.Throw<TableSchemaException>(() => Runner.MigrateUp(2));

        error.Message.ShouldContain("'fullname'");
        error.Message.ShouldContain("full_name");
        error.Message.ShouldContain("TransformPeople (2)");
        error.Column.ShouldBe("fullname");
        IsApplied(2).ShouldBeFalse();
    }

    [SkippableFact]
    public void Reading_an_unknown_column_names_it()
    {
        GivenPeople(5);
        _scenario.Value = row => row["nickname"];

        var error = Should.Throw<TableSchemaException>(() => Runner.MigrateUp(2));

        error.Message.ShouldContain("'nickname'");
        error.Message.ShouldContain("first_name, last_name");
    }

    [SkippableFact]
    public void An_unknown_table_fails_with_its_name()
    {
        GivenPeople(1);
        _scenario.Table = "persons";

        var error = Should.Throw<TableSchemaException>(() => Runner.MigrateUp(2));

        error.Message.ShouldContain("'persons'");
        error.Message.ShouldContain("does not exist");
    }

    [SkippableFact]
    public void A_table_without_a_primary_key_fails_and_suggests_one()
    {
        GivenPeople(1);
        Db.Execute("INSERT INTO notes (body) VALUES ('hello')");
        _scenario.Table = "notes";
        _scenario.Columns = ["body"];
        _scenario.Value = _ => "changed";

        var error = Should.Throw<TableSchemaException>(() => Runner.MigrateUp(2));

        error.Message.ShouldContain("has no primary key");
        error.Message.ShouldContain("Create.PrimaryKey(");
        Db.Scalar<string>("SELECT body FROM notes").ShouldBe("hello");
    }

    [SkippableFact]
    public void Several_columns_are_set_in_one_pass()
    {
        GivenPeople(12);
        _scenario.Columns = ["first_name", "last_name"];
        _scenario.Row = (row, set) =>
        {
            set["first_name"] = row.Get<string>("last_name")!.ToUpperInvariant();
            set["last_name"] = row.Get<string>("first_name")?.ToUpperInvariant();
        };

        Runner.MigrateUp(2);

        var rows = Db.Rows("SELECT first_name, last_name FROM people WHERE id IN (3, 10) ORDER BY id");
        rows[0].ShouldBe(new object?[] { "LAST3", "FIRST3" });
        rows[1].ShouldBe(new object?[] { "LAST10", null });
    }

    [SkippableFact]
    public void A_column_not_set_in_a_multi_column_transform_keeps_its_value()
    {
        GivenPeople(3);
        _scenario.Columns = ["first_name", "last_name"];
        _scenario.Row = (row, set) => set["last_name"] = "Same";

        Runner.MigrateUp(2);

        Db.Rows("SELECT first_name, last_name FROM people WHERE id = 2")[0].ShouldBe(new object?[] { "First2", "Same" });
    }

    [SkippableFact]
    public void Setting_a_column_that_is_not_a_target_is_an_error()
    {
        GivenPeople(3);
        _scenario.Columns = ["first_name"];
        _scenario.Row = (row, set) => set["last_name"] = "x";

        var error = Should.Throw<TableSchemaException>(() => Runner.MigrateUp(2));

        error.Message.ShouldContain("'last_name'");
        error.Message.ShouldContain("not one of its target columns");
    }

    [SkippableFact]
    public void MigrateDown_then_MigrateUp_transforms_again()
    {
        GivenPeople(10);
        Runner.MigrateUp(2);
        _scenario.Value = row => $"again {row.Key}";

        var down = Runner.MigrateDown(1);
        FullNames().Values.ShouldAllBe(v => v == null);
        IsApplied(2).ShouldBeFalse();
        down.Migrations.Single().Direction.ShouldBe(MigrationDirection.Down);

        Runner.MigrateUp(2);
        FullNames()[7].ShouldBe("again 7");
        IsApplied(2).ShouldBeTrue();
    }

    [SkippableFact]
    public void Without_a_transaction_each_batch_commits_and_a_failure_keeps_the_earlier_batches()
    {
        GivenPeople(35);
        Runner.MigrateUp(2);
        _scenario.BatchSize = 10;
        _scenario.Value = row => (long)row.Key.Value == 25 ? throw new InvalidOperationException("stop") : 1;

        var error = Should.Throw<TransformFailedException>(() => Runner.MigrateUp(3));

        error.Message.ShouldContain("Batches before this one were committed");
        Db.Scalar<long>("SELECT COUNT(*) FROM people WHERE visits = 1").ShouldBe(20);
        IsApplied(3).ShouldBeFalse();
    }

}

public sealed class SqliteTransformTests : TransformTests<SqliteTestDatabase>;

public sealed class PostgresTransformTests : TransformTests<PostgresTestDatabase>;
