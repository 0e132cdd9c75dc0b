using System.Globalization;
using System.Text;
using FluentData.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace FluentData.Tests.Execution;

/// <summary>
/// Seeds on schemas FluentData did not design — Pagila's tables (identity keys, char(n), last_update
/// triggers, a domain, cascading foreign keys), legacy SQLite tables (odd names, untyped columns,
/// NOCASE keys) — and files as they come (BOM, CRLF, semicolons, quoted headers and newlines, blank
/// last lines): the values a user expects, or a clear refusal before anything is written.
/// </summary>
public abstract class SeedSchemaTests<TDatabase> : ShapeMigrationTests<TDatabase>
    where TDatabase : TestDatabase, new()
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fluentdata-seedschema-").FullName;
    private readonly CapturedLogs _logs = new();

    protected SeedSchemaTests(ITestOutputHelper output) => Output = output;

    protected ITestOutputHelper Output { get; }

    protected override void ConfigureServices(IServiceCollection services)
    {
        base.ConfigureServices(services);
        services.AddLogging(l => l.AddProvider(_logs));
    }

    protected override void Dispose(bool disposing)
    {
        Directory.Delete(_folder, recursive: true);
        base.Dispose(disposing);
    }

    protected bool Pg => Db.Engine == "PostgreSQL";

    protected string File(string name, string text, bool bom = false)
    {
        var path = Path.Combine(_folder, name);
        System.IO.File.WriteAllText(path, text, new UTF8Encoding(bom));
        return path;
    }

    protected List<string> Rows(string sql) => Db.Rows(sql).Select(r => string.Join("|", r.Select(v => v switch
    {
        null => "NULL",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString(),
    }))).ToList();

    protected Exception Fails(Action run)
    {
        var error = Should.Throw<Exception>(run);
        Output.WriteLine($"{error.GetType().FullName}: {error.Message}");
        for (var inner = error.InnerException; inner is not null; inner = inner.InnerException)
            Output.WriteLine($"  inner {inner.GetType().FullName}: {inner.Message}");
        return error;
    }

    protected void Dump(string sql)
    {
        foreach (var row in Rows(sql))
            Output.WriteLine(row);
    }

    // ---------- CSV ----------

    [SkippableFact]
    public void csv_with_bom_crlf_semicolons_quoted_newline_and_loose_header()
    {
        Db.Execute("CREATE TABLE codes (code varchar(10) NOT NULL PRIMARY KEY, country_name varchar(100), note varchar(100))");
        var path = File("codes.csv", "CODE;CountryName;Note\r\nDE;Germany;\"two\r\nlines\"\r\nFR;France;plain\r\n", bom: true);
        Scenario.InTransaction = m => m.Seed.Table("codes").Key("code").FromCsv(path);
        Scenario.Online = m => m.Seed.Table("codes").Key("code").FromCsv(path);

        var first = Runner.MigrateUp(1).Migrations.Single().Seeds.Single();
        Dump("SELECT code, country_name, replace(replace(note, char(13), '<CR>'), char(10), '<LF>') FROM codes ORDER BY code".Replace("char(", Pg ? "chr(" : "char(", StringComparison.Ordinal));
        first.Inserted.ShouldBe(2);
        Rows("SELECT code, country_name, note FROM codes ORDER BY code").ShouldBe(["DE|Germany|two\r\nlines", "FR|France|plain"]);
        var second = Runner.MigrateUp(2).Migrations.Single(x => x.Version == 2).Seeds.Single();
        (second.Updated, second.Unchanged).ShouldBe((0L, 2L));
    }

    [SkippableFact]
    public void csv_with_quoted_header_names()
    {
        Db.Execute("CREATE TABLE codes (code varchar(10) NOT NULL PRIMARY KEY, name varchar(100))");
        var path = File("codes.csv", "\"code\",\"name\"\n\"DE\",\"Germany\"\n");
        Scenario.InTransaction = m => m.Seed.Table("codes").Key("code").FromCsv(path);

        var error = Record.Exception(() => Runner.MigrateUp(1));
        if (error is not null)
            Output.WriteLine($"{error.GetType().Name}: {error.Message}");
        error.ShouldBeNull();
        Rows("SELECT code, name FROM codes").ShouldBe(["DE|Germany"]);
    }

    [SkippableFact]
    public void csv_row_with_missing_field_names_its_line()
    {
        Db.Execute("CREATE TABLE codes (code varchar(10) NOT NULL PRIMARY KEY, name varchar(100), n integer)");
        var path = File("codes.csv", "code,name,n\nDE,Germany,1\nFR,France\nIT,Italy,3\n");
        Scenario.InTransaction = m => m.Seed.Table("codes").Key("code").FromCsv(path);

        var error = Fails(() => Runner.MigrateUp(1));
        var seedError = error.ShouldBeOfType<SeedRowException>();
        seedError.Line.ShouldBe(3);
    }

    [SkippableFact]
    public void csv_with_trailing_blank_line()
    {
        Db.Execute("CREATE TABLE codes (code varchar(10) NOT NULL PRIMARY KEY, name varchar(100))");
        var path = File("codes.csv", "code,name\nDE,Germany\nFR,France\n\n");
        Scenario.InTransaction = m => m.Seed.Table("codes").Key("code").FromCsv(path);

        var error = Record.Exception(() => Runner.MigrateUp(1));
        if (error is not null)
            Output.WriteLine($"{error.GetType().Name}: {error.Message}");
        error.ShouldBeNull();
        Rows("SELECT code, name FROM codes ORDER BY code").ShouldBe(["DE|Germany", "FR|France"]);
    }

    [SkippableFact]
    public void csv_error_after_quoted_newline_names_right_line()
    {
        Db.Execute("CREATE TABLE codes (code varchar(10) NOT NULL PRIMARY KEY, name varchar(100), n integer)");
        var path = File("codes.csv", "code,name,n\nDE,\"Ger\nmany\",1\nFR,France,x\n");
        Scenario.InTransaction = m => m.Seed.Table("codes").Key("code").FromCsv(path);

        var error = Fails(() => Runner.MigrateUp(1)).ShouldBeOfType<SeedRowException>();
        error.Line.ShouldBe(4);
    }

    // ---------- numbers ----------

    [SkippableFact]
    public void double_overflow_in_csv_is_refused_not_infinity()
    {
        Db.Execute($"CREATE TABLE nums (code varchar(10) NOT NULL PRIMARY KEY, x {(Pg ? "double precision" : "double")})");
        var path = File("nums.csv", "code,x\nbig,1e400\ntiny,1e-400\n");
        Scenario.InTransaction = m => m.Seed.Table("nums").Key("code").FromCsv(path);

        var error = Record.Exception(() => Runner.MigrateUp(1));
        Output.WriteLine(error?.Message ?? "no error");
        Dump("SELECT code, CAST(x AS text) FROM nums ORDER BY code");
        error.ShouldNotBeNull();
    }

    [SkippableFact]
    public void json_with_bom_is_read()
    {
        Db.Execute("CREATE TABLE codes (code varchar(10) NOT NULL PRIMARY KEY, name varchar(100))");
        var path = File("codes.json", "[{\"code\":\"DE\",\"name\":\"Germany\"}]", bom: true);
        Scenario.InTransaction = m => m.Seed.Table("codes").Key("code").FromJson(path);

        var error = Record.Exception(() => Runner.MigrateUp(1));
        Output.WriteLine(error?.Message ?? "no error");
        error.ShouldBeNull();
    }

    [SkippableFact]
    public void json_multiline_row_error_names_the_values_line()
    {
        Db.Execute("CREATE TABLE codes (code varchar(10) NOT NULL PRIMARY KEY, name varchar(100), n integer)");
        var path = File("codes.json", "[\n  {\n    \"code\": \"DE\",\n    \"name\": \"Germany\",\n    \"n\": \"many\"\n  }\n]\n");
        Scenario.InTransaction = m => m.Seed.Table("codes").Key("code").FromJson(path);

        var error = Fails(() => Runner.MigrateUp(1)).ShouldBeOfType<SeedRowException>();
        error.Line.ShouldBe(5);
    }

    // ---------- timestamps ----------

    [SkippableFact]
    public void down_when_app_reinserted_a_deleted_key_fails_cleanly()
    {
        Db.Execute("CREATE TABLE codes (code varchar(10) NOT NULL PRIMARY KEY, name varchar(100))");
        Db.Execute("INSERT INTO codes VALUES ('DE', 'Germany'), ('XX', 'Gone')");
        Scenario.OnlineReversible = m => m.Seed.Table("codes").Key("code").Rows(new { code = "DE", name = "Germany" }).DeleteOthers();

        Runner.MigrateUp(3);
        Db.Execute("INSERT INTO codes VALUES ('XX', 'App made it again')");
        var error = Fails(() => Runner.MigrateDown(0));
        error.ShouldBeAssignableTo<DataMigrationException>();
    }

    [SkippableFact]
    public void down_when_child_rows_point_at_inserted_row_fails_cleanly()
    {
        Db.Execute("CREATE TABLE codes (code varchar(10) NOT NULL PRIMARY KEY, name varchar(100))");
        Db.Execute("CREATE TABLE uses (id integer PRIMARY KEY, code varchar(10) NOT NULL REFERENCES codes (code))");
        if (!Pg)
            Db.Execute("PRAGMA foreign_keys = ON");
        Scenario.OnlineReversible = m => m.Seed.Table("codes").Key("code").Rows(new { code = "DE", name = "Germany" });

        Runner.MigrateUp(3);
        Db.Execute("INSERT INTO uses VALUES (1, 'DE')");
        var error = Record.Exception(() => Runner.MigrateDown(0));
        if (error is not null)
        {
            Output.WriteLine($"{error.GetType().FullName}: {error.Message}");
            for (var inner = error.InnerException; inner is not null; inner = inner.InnerException)
                Output.WriteLine($"  inner {inner.GetType().FullName}: {inner.Message}");
        }

        Dump("SELECT * FROM codes");
        Dump("SELECT * FROM uses");
        if (error is not null)
            error.ShouldBeAssignableTo<DataMigrationException>();
    }

    [SkippableFact]
    public void two_seeds_same_table_in_one_reversible_migration_restore_exactly()
    {
        Db.Execute("CREATE TABLE codes (code varchar(10) NOT NULL PRIMARY KEY, name varchar(100), n integer)");
        Db.Execute("INSERT INTO codes VALUES ('DE', 'Germany', 1), ('XX', 'Gone', 2), ('FR', 'France', 3)");
        var before = Rows("SELECT * FROM codes ORDER BY code");
        Scenario.OnlineReversible = m =>
        {
            m.Seed.Table("codes").Key("code").Rows(new { code = "DE", name = "Deutschland" }, new { code = "IT", name = "Italy" }).DeleteOthers();
            m.Seed.Table("codes").Key("code").Rows(new { code = "DE", name = "Germany!" }, new { code = "IT", name = "Italia" }, new { code = "XX", name = "Back" });
        };

        Runner.MigrateUp(3);
        Dump("SELECT * FROM codes ORDER BY code");
        Runner.MigrateDown(0);
        Dump("SELECT * FROM codes ORDER BY code");
        Rows("SELECT * FROM codes ORDER BY code").ShouldBe(before);
    }

    [SkippableFact]
    public void seed_of_table_created_in_same_reversible_up()
    {
        Scenario.OnlineReversible = m =>
        {
            m.Create.Table(Pg ? "plans" : "Plans").WithColumn("code").AsString(10).PrimaryKey().WithColumn("name").AsString(20);
            m.Seed.Table("plans").Key("code").Rows(new { code = "free", name = "Free" });
        };

        var error = Record.Exception(() => Runner.MigrateUp(3));
        Output.WriteLine(error?.Message ?? "no error up");
        error.ShouldBeNull();
        var down = Record.Exception(() => Runner.MigrateDown(0));
        Output.WriteLine(down?.Message ?? "no error down");
        down.ShouldBeNull();
    }

    [SkippableFact]
    public void online_reversible_seed_interrupted_then_rerun_then_down_restores()
    {
        Db.Execute("CREATE TABLE codes (code varchar(10) NOT NULL PRIMARY KEY, n integer NOT NULL)");
        Db.Execute("INSERT INTO codes VALUES ('c01', 100), ('c04', 400), ('zz', 0)");
        var before = Rows("SELECT * FROM codes ORDER BY code");
        if (Pg)
        {
            Db.Execute("CREATE FUNCTION boom() RETURNS trigger AS $$ BEGIN IF NEW.code = 'c05' THEN RAISE EXCEPTION 'boom'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql");
            Db.Execute("CREATE TRIGGER boom BEFORE INSERT ON codes FOR EACH ROW EXECUTE FUNCTION boom()");
        }
        else
        {
            Db.Execute("CREATE TRIGGER boom BEFORE INSERT ON codes WHEN new.code = 'c05' BEGIN SELECT RAISE(ABORT, 'boom'); END");
        }

        var rows = Enumerable.Range(1, 6).Select(i => new { code = $"c{i:00}", n = i }).ToArray();
        Scenario.OnlineReversible = m => m.Seed.Table("codes").Key("code").Rows(rows).InBatchesOf(2).DeleteOthers();

        var error = Fails(() => Runner.MigrateUp(3));
        error.ShouldBeAssignableTo<DataMigrationException>();
        Dump("SELECT * FROM codes ORDER BY code");
        Db.Execute(Pg ? "DROP TRIGGER boom ON codes" : "DROP TRIGGER boom");
        Runner.MigrateUp(3);
        Rows("SELECT * FROM codes ORDER BY code").ShouldBe(rows.Select(r => $"{r.code}|{r.n}"));
        Runner.MigrateDown(0);
        Rows("SELECT * FROM codes ORDER BY code").ShouldBe(before);
    }

    // ---------- key types ----------

    [SkippableFact]
    public void plan_and_dry_run_match_the_run()
    {
        Db.Execute("CREATE TABLE codes (code varchar(10) NOT NULL PRIMARY KEY, name varchar(100))");
        Db.Execute("INSERT INTO codes VALUES ('DE', 'Germany'), ('XX', 'Gone')");
        Scenario.InTransaction = m => m.Seed.Table("codes").Key("code").Rows(new { code = "DE", name = "Deutschland" }, new { code = "FR", name = "France" }).DeleteOthers();

        var step = Runner.Plan().Migrations.Single(x => x.Version == 1).Steps.Single(s => s.Kind == "seed");
        var dry = Runner.DryRun().Seeds.Single();
        Output.WriteLine(step.Note);
        var run = Runner.MigrateUp(1).Migrations.Single().Seeds.Single();
        (dry.Inserted, dry.Updated, dry.Unchanged, dry.Others, dry.Deleted).ShouldBe((run.Inserted, run.Updated, run.Unchanged, run.Others, run.Deleted));
    }

    // ---------- round 2 ----------

    protected void Explain(Exception? error)
    {
        if (error is null)
        {
            Output.WriteLine("no error");
            return;
        }

        Output.WriteLine($"{error.GetType().FullName}: {error.Message}");
        for (var inner = error.InnerException; inner is not null; inner = inner.InnerException)
            Output.WriteLine($"  inner {inner.GetType().FullName}: {inner.Message}");
    }

    [SkippableFact]
    public void header_only_csv_with_delete_others()
    {
        Db.Execute("CREATE TABLE codes (code varchar(10) NOT NULL PRIMARY KEY, name varchar(100))");
        Db.Execute("INSERT INTO codes VALUES ('DE', 'Germany'), ('FR', 'France')");
        var path = File("codes.csv", "code,name\n");
        Scenario.InTransaction = m => m.Seed.Table("codes").Key("code").FromCsv(path).DeleteOthers();
        var error = Record.Exception(() => Runner.MigrateUp(1));
        Explain(error);
        Output.WriteLine($"rows left {Db.Scalar<long>("SELECT COUNT(*) FROM codes")}");
        foreach (var e in _logs.Entries.Where(e => e.Message.Contains("Seed", StringComparison.Ordinal)))
            Output.WriteLine($"{e.Level}: {e.Message}");
    }

    [SkippableFact]
    public void empty_file_csv()
    {
        Db.Execute("CREATE TABLE codes (code varchar(10) NOT NULL PRIMARY KEY, name varchar(100))");
        Db.Execute("INSERT INTO codes VALUES ('DE', 'Germany'), ('FR', 'France')");
        var path = File("codes.csv", "");
        Scenario.InTransaction = m => m.Seed.Table("codes").Key("code").FromCsv(path).DeleteOthers();
        var error = Record.Exception(() => Runner.MigrateUp(1));
        Explain(error);
        Output.WriteLine($"rows left {Db.Scalar<long>("SELECT COUNT(*) FROM codes")}");
        error.ShouldNotBeNull().ShouldBeAssignableTo<DataMigrationException>();
    }

    [SkippableFact]
    public void failed_down_is_retryable()
    {
        Db.Execute("CREATE TABLE codes (code varchar(10) NOT NULL PRIMARY KEY, name varchar(100))");
        Db.Execute("CREATE TABLE uses (id integer PRIMARY KEY, code varchar(10) NOT NULL REFERENCES codes (code))");
        Db.Execute("INSERT INTO codes VALUES ('FR', 'France')");
        Scenario.OnlineReversible = m => m.Seed.Table("codes").Key("code").Rows(new { code = "DE", name = "Germany" }, new { code = "FR", name = "French Republic" });

        Runner.MigrateUp(3);
        Db.Execute("INSERT INTO uses VALUES (1, 'DE')");
        Explain(Record.Exception(() => Runner.MigrateDown(0)));
        Dump("SELECT * FROM codes ORDER BY code");
        Db.Execute("DELETE FROM uses");
        Runner.MigrateDown(0);
        Rows("SELECT * FROM codes ORDER BY code").ShouldBe(["FR|France"]);
    }

    [SkippableFact]
    public void online_delete_others_fk_failure_message()
    {
        Db.Execute("CREATE TABLE codes (code varchar(10) NOT NULL PRIMARY KEY, name varchar(100))");
        Db.Execute("CREATE TABLE uses (id integer PRIMARY KEY, code varchar(10) NOT NULL REFERENCES codes (code))");
        Db.Execute("INSERT INTO codes VALUES ('DE', 'Germany'), ('XX', 'Gone')");
        Db.Execute("INSERT INTO uses VALUES (1, 'XX')");
        Scenario.Online = m => m.Seed.Table("codes").Key("code").Rows(new { code = "DE", name = "Deutschland" }, new { code = "FR", name = "France" }).DeleteOthers();
        var error = Record.Exception(() => Runner.MigrateUp(2));
        Explain(error);
        Dump("SELECT * FROM codes ORDER BY code");
    }

    // ---------- round 3 ----------
}

public sealed class SqliteSeedSchemaTests(ITestOutputHelper output) : SeedSchemaTests<SqliteTestDatabase>(output)
{
    [SkippableFact]
    public void A_reversible_seed_of_a_table_with_a_trigger_is_refused_before_it_writes()
    {
        Db.Execute("CREATE TABLE country (country_id integer PRIMARY KEY, country text NOT NULL, last_update text)");
        Db.Execute("CREATE TRIGGER country_touched AFTER UPDATE ON country BEGIN UPDATE country SET last_update = 'now' WHERE country_id = new.country_id; END");
        Db.Execute("INSERT INTO country VALUES (1, 'Afghanistan', 'then')");
        Scenario.OnlineReversible = m => m.Seed.Table("country").Key("country_id").Rows(new { country_id = 1, country = "Afghanistan (changed)" });

        var error = Should.Throw<DataMigrationException>(() => Runner.MigrateUp(3));

        error.Message.ShouldContain("cannot be reversed exactly: writing its rows also runs trigger \"country_touched\"");
        Rows("SELECT * FROM country").ShouldBe(["1|Afghanistan|then"]);
    }

    [SkippableFact]
    public void A_reversible_DeleteOthers_of_a_table_whose_rows_cascade_to_another_is_refused_before_it_writes()
    {
        Db.Execute("CREATE TABLE country (country_id integer PRIMARY KEY, country text NOT NULL)");
        Db.Execute("CREATE TABLE city (city_id integer PRIMARY KEY, country_id integer REFERENCES country ON DELETE CASCADE)");
        Db.Execute("INSERT INTO country VALUES (1, 'Afghanistan'), (3, 'Atlantis')");
        Db.Execute("INSERT INTO city VALUES (20, 3)");
        Scenario.OnlineReversible = m => m.Seed.Table("country").Key("country_id").Rows(new { country_id = 1, country = "Afghanistan" }).DeleteOthers();

        var error = Should.Throw<DataMigrationException>(() => Runner.MigrateUp(3));

        error.Message.ShouldContain("writing its rows also runs foreign key of \"city\" (ON DELETE CASCADE)");
        Rows("SELECT * FROM country ORDER BY 1").ShouldBe(["1|Afghanistan", "3|Atlantis"]);
    }

    [SkippableFact]
    public void sqlite_nocase_non_key_column_case_change_is_written()
    {
        Db.Execute("CREATE TABLE plans (code text NOT NULL PRIMARY KEY, name text COLLATE NOCASE NOT NULL)");
        Db.Execute("INSERT INTO plans VALUES ('pro', 'professional')");
        Scenario.InTransaction = m => m.Seed.Table("plans").Key("code").Rows(new { code = "pro", name = "Professional" });

        var seed = Runner.MigrateUp(1).Migrations.Single().Seeds.Single();
        Rows("SELECT code, name FROM plans").ShouldBe(["pro|Professional"]);
        seed.Updated.ShouldBe(1);
    }

    // ---------- legacy SQLite ----------

    [SkippableFact]
    public void sqlite_untyped_key_column_from_csv_matches_existing_integer_key()
    {
        Db.Execute("CREATE TABLE legacy (id PRIMARY KEY, name)");
        Db.Execute("INSERT INTO legacy VALUES (1, 'one'), (2, 'two')");
        var path = File("legacy.csv", "id,name\n1,one\n2,TWO\n");
        Scenario.InTransaction = m => m.Seed.Table("legacy").Key("id").FromCsv(path);

        var seed = Runner.MigrateUp(1).Migrations.Single().Seeds.Single();
        Output.WriteLine($"inserted {seed.Inserted} updated {seed.Updated} unchanged {seed.Unchanged} others {seed.Others}");
        Dump("SELECT id, typeof(id), name FROM legacy ORDER BY rowid");
        Db.Scalar<long>("SELECT COUNT(*) FROM legacy").ShouldBe(2);
        (seed.Inserted, seed.Others).ShouldBe((0L, 0L));
    }

    [SkippableFact]
    public void sqlite_odd_names_nocase_key_reversible()
    {
        Db.Execute("CREATE TABLE \"Legacy Country's \"\"List\"\"\" (\"Country Code\" TEXT COLLATE NOCASE NOT NULL PRIMARY KEY, \"Display Name\" TEXT, \"x\"\"y\" INTEGER)");
        Db.Execute("INSERT INTO \"Legacy Country's \"\"List\"\"\" VALUES ('de', 'germany', 1), ('ch', 'Switzerland', 2)");
        var before = Rows("SELECT * FROM \"Legacy Country's \"\"List\"\"\" ORDER BY 1");
        object[] rows =
        [
            new Dictionary<string, object?> { ["Country Code"] = "DE", ["Display Name"] = "Germany", ["x\"y"] = 1L },
            new Dictionary<string, object?> { ["Country Code"] = "FR", ["Display Name"] = "France", ["x\"y"] = 3L },
        ];
        Scenario.OnlineReversible = m => m.Seed.Table("Legacy Country's \"List\"").Key("Country Code").Rows(rows).DeleteOthers();

        var seed = Runner.MigrateUp(3).Migrations.Single(x => x.Version == 3).Seeds.Single();
        Dump("SELECT * FROM \"Legacy Country's \"\"List\"\"\" ORDER BY 1");
        (seed.Inserted, seed.Updated, seed.Deleted).ShouldBe((1L, 1L, 1L));
        Rows("SELECT * FROM \"Legacy Country's \"\"List\"\"\" ORDER BY 1").ShouldBe(["DE|Germany|1", "FR|France|3"]);
        Runner.MigrateDown(0);
        Rows("SELECT * FROM \"Legacy Country's \"\"List\"\"\" ORDER BY 1").ShouldBe(before);
    }


    [SkippableFact]
    public void sqlite_untyped_value_column_from_csv_keeps_its_storage_class()
    {
        Db.Execute("CREATE TABLE legacy (id INTEGER PRIMARY KEY, qty)");
        Db.Execute("INSERT INTO legacy VALUES (1, 5)");
        var path = File("legacy.csv", "id,qty\n1,5\n");
        Scenario.InTransaction = m => m.Seed.Table("legacy").Key("id").FromCsv(path);
        var seed = Runner.MigrateUp(1).Migrations.Single().Seeds.Single();
        Output.WriteLine($"inserted {seed.Inserted} updated {seed.Updated} unchanged {seed.Unchanged}");
        Dump("SELECT id, qty, typeof(qty), (SELECT COUNT(*) FROM legacy WHERE qty = 5) FROM legacy");
        Db.Scalar<string>("SELECT typeof(qty) FROM legacy").ShouldBe("integer");
    }
}

public sealed class PostgresSeedSchemaTests(ITestOutputHelper output) : SeedSchemaTests<PostgresTestDatabase>(output)
{
    // ---------- Pagila ----------

    private void GivenPagilaLanguage()
    {
        Db.Execute("""
            CREATE FUNCTION last_updated() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN NEW.last_update = CURRENT_TIMESTAMP; RETURN NEW; END $$
            """);
        Db.Execute("""
            CREATE TABLE language (
                language_id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                name character(20) NOT NULL,
                last_update timestamp with time zone DEFAULT now() NOT NULL)
            """);
        Db.Execute("CREATE TRIGGER last_updated BEFORE UPDATE ON language FOR EACH ROW EXECUTE FUNCTION last_updated()");
        Db.Execute("""
            CREATE TABLE film (film_id serial PRIMARY KEY, title text NOT NULL,
                language_id integer NOT NULL REFERENCES language ON UPDATE CASCADE ON DELETE RESTRICT)
            """);
        Db.Execute("INSERT INTO language (name, last_update) VALUES ('English', '2022-02-15 10:02:19+00'), ('Italian', '2022-02-15 10:02:19+00'), ('Japanese', '2022-02-15 10:02:19+00'), ('Mandarin', '2022-02-15 10:02:19+00'), ('French', '2022-02-15 10:02:19+00'), ('German', '2022-02-15 10:02:19+00')");
    }

    [SkippableFact]
    public void real_overflow_in_json_is_refused()
    {
        Db.Execute("CREATE TABLE nums (code varchar(10) NOT NULL PRIMARY KEY, x real)");
        var path = File("nums.json", "[{\"code\":\"big\",\"x\":1e39}]");
        Scenario.InTransaction = m => m.Seed.Table("nums").Key("code").FromJson(path);

        var error = Record.Exception(() => Runner.MigrateUp(1));
        Output.WriteLine(error?.Message ?? "no error");
        Dump("SELECT code, CAST(x AS text) FROM nums ORDER BY code");
        error.ShouldNotBeNull();
    }

    [SkippableFact]
    public void numeric_with_more_digits_than_decimal_is_kept_or_refused()
    {
        Db.Execute("CREATE TABLE nums (code varchar(10) NOT NULL PRIMARY KEY, x numeric)");
        var path = File("nums.csv", "code,x\npi,3.14159265358979323846264338327950288\nsmall,1e-40\n");
        Scenario.InTransaction = m => m.Seed.Table("nums").Key("code").FromCsv(path);

        var error = Record.Exception(() => Runner.MigrateUp(1));
        Output.WriteLine(error?.Message ?? "no error");
        Dump("SELECT code, CAST(x AS text) FROM nums ORDER BY code");
        if (error is null)
            Rows("SELECT code, CAST(x AS text) FROM nums ORDER BY code").ShouldBe(["pi|3.14159265358979323846264338327950288", "small|1E-40"]);
    }

    [SkippableFact]
    public void numeric_json_number_with_many_digits()
    {
        Db.Execute("CREATE TABLE nums (code varchar(10) NOT NULL PRIMARY KEY, x numeric(40,35))");
        var path = File("nums.json", "[{\"code\":\"pi\",\"x\":3.14159265358979323846264338327950288}]");
        Scenario.InTransaction = m => m.Seed.Table("nums").Key("code").FromJson(path);

        var error = Record.Exception(() => Runner.MigrateUp(1));
        Output.WriteLine(error?.Message ?? "no error");
        Dump("SELECT code, CAST(x AS text) FROM nums ORDER BY code");
        if (error is null)
            Rows("SELECT code, CAST(x AS text) FROM nums ORDER BY code").ShouldBe(["pi|3.14159265358979323846264338327950288"]);
    }

    // ---------- JSON ----------

    [SkippableFact]
    public void json_string_into_jsonb_stays_a_string()
    {
        Db.Execute("CREATE TABLE docs (code varchar(10) NOT NULL PRIMARY KEY, data jsonb)");
        var path = File("docs.json", """
            [
              { "code": "a", "data": "123" },
              { "code": "b", "data": { "x": 1.0e2, "y": [1, "two", null], "z": { "deep": true } } }
            ]
            """);
        Scenario.InTransaction = m => m.Seed.Table("docs").Key("code").FromJson(path);

        var error = Record.Exception(() => Runner.MigrateUp(1));
        Output.WriteLine(error?.Message ?? "no error");
        Dump("SELECT code, jsonb_typeof(data), data::text FROM docs ORDER BY code");
        if (error is null)
            Rows("SELECT code, jsonb_typeof(data) FROM docs ORDER BY code").ShouldBe(["a|string", "b|object"]);
    }

    [SkippableFact]
    public void A_JSON_string_for_a_json_column_is_stored_as_a_JSON_string()
    {
        Db.Execute("CREATE TABLE docs (code varchar(10) NOT NULL PRIMARY KEY, data json)");
        Db.Execute("INSERT INTO docs VALUES ('a', '{}')");
        var path = File("docs.json", """
            [
              { "code": "a", "data": {"k": 1} },
              { "code": "b", "data": "hello" }
            ]
            """);
        Scenario.Online = m => m.Seed.Table("docs").Key("code").FromJson(path).InBatchesOf(1);

        Runner.MigrateUp(2);

        Rows("SELECT code, data::text, json_typeof(data) FROM docs ORDER BY code").ShouldBe(["a|{\"k\": 1}|object", "b|\"hello\"|string"]);
    }

    [SkippableFact]
    public void timestamptz_with_offset_from_csv_and_csharp()
    {
        Db.Execute("CREATE TABLE events (code varchar(10) NOT NULL PRIMARY KEY, at timestamptz NOT NULL)");
        var path = File("events.csv", "code,at\na,2026-12-01 13:45:00+01:00\nb,2026-12-01T12:45:00Z\n");
        Scenario.InTransaction = m => m.Seed.Table("events").Key("code").FromCsv(path);
        Scenario.Online = m => m.Seed.Table("events").Key("code").Rows(new { code = "c", at = new DateTimeOffset(2026, 12, 1, 14, 45, 0, TimeSpan.FromHours(2)) });

        var e1 = Record.Exception(() => Runner.MigrateUp(1));
        Output.WriteLine(e1?.ToString() ?? "no error 1");
        var e2 = Record.Exception(() => Runner.MigrateUp(2));
        Output.WriteLine(e2?.ToString() ?? "no error 2");
        Dump("SELECT code, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') FROM events ORDER BY code");
        e1.ShouldBeNull();
        e2.ShouldBeNull();
        Rows("SELECT code, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') FROM events ORDER BY code")
            .ShouldBe(["a|2026-12-01 12:45:00", "b|2026-12-01 12:45:00", "c|2026-12-01 12:45:00"]);
    }

    // ---------- collations ----------

    [SkippableFact]
    public void nondeterministic_collation_column_case_change_is_written()
    {
        Db.Execute("CREATE COLLATION IF NOT EXISTS ci_probe (provider = icu, locale = 'und-u-ks-level2', deterministic = false)");
        Db.Execute("CREATE TABLE plans (code varchar(10) NOT NULL PRIMARY KEY, name text COLLATE ci_probe NOT NULL)");
        Db.Execute("INSERT INTO plans VALUES ('pro', 'professional')");
        Scenario.InTransaction = m => m.Seed.Table("plans").Key("code").Rows(new { code = "pro", name = "Professional" });

        var seed = Runner.MigrateUp(1).Migrations.Single().Seeds.Single();
        Output.WriteLine($"inserted {seed.Inserted} updated {seed.Updated} unchanged {seed.Unchanged}");
        Dump("SELECT code, name FROM plans");
        Rows("SELECT code, name FROM plans").ShouldBe(["pro|Professional"]);
        seed.Updated.ShouldBe(1);
    }

    [SkippableFact]
    public void pagila_language_seed_twice_unchanged_and_sequence_advanced()
    {
        GivenPagilaLanguage();
        object[] rows = [new { language_id = 1, name = "English" }, new { language_id = 7, name = "Spanish" }];
        Scenario.InTransaction = m => m.Seed.Table("language").Key("language_id").Rows(rows);
        Scenario.Online = m => m.Seed.Table("language").Key("language_id").Rows(rows);

        var first = Runner.MigrateUp(1).Migrations.Single().Seeds.Single();
        var second = Runner.MigrateUp(2).Migrations.Single(x => x.Version == 2).Seeds.Single();
        Output.WriteLine($"1: i{first.Inserted} u{first.Updated} s{first.Unchanged} o{first.Others}; 2: i{second.Inserted} u{second.Updated} s{second.Unchanged}");
        (first.Inserted, first.Updated, first.Unchanged, first.Others).ShouldBe((1L, 0L, 1L, 5L));
        (second.Inserted, second.Updated, second.Unchanged).ShouldBe((0L, 0L, 2L));
        Db.Execute("INSERT INTO language (name) VALUES ('Dutch')");
        Db.Scalar<long>("SELECT language_id FROM language WHERE name = 'Dutch'").ShouldBe(8);
    }

    [SkippableFact]
    public void A_reversible_seed_of_a_table_whose_trigger_sets_last_update_is_refused_before_it_writes()
    {
        GivenPagilaLanguage();
        var before = Rows("SELECT language_id, name, last_update::text FROM language ORDER BY 1");
        Scenario.OnlineReversible = m => m.Seed.Table("language").Key("language_id").Rows(new { language_id = 1, name = "English (US)" });

        var error = Should.Throw<DataMigrationException>(() => Runner.MigrateUp(3));

        error.Message.ShouldStartWith("Seed of 'language' in ShapeOnlineReversible (3) cannot be reversed exactly: writing its rows also runs trigger \"last_updated\"");
        Rows("SELECT language_id, name, last_update::text FROM language ORDER BY 1").ShouldBe(before);
    }

    [SkippableFact]
    public void delete_others_with_fk_restrict_is_refused_cleanly_in_transaction()
    {
        GivenPagilaLanguage();
        Db.Execute("INSERT INTO film (title, language_id) VALUES ('ACADEMY DINOSAUR', 6)");
        var before = Rows("SELECT language_id, name, last_update::text FROM language ORDER BY 1");
        Scenario.InTransaction = m => m.Seed.Table("language").Key("language_id").Rows(new { language_id = 1, name = "English (UK)" }, new { language_id = 2, name = "Italian" }).DeleteOthers();

        var error = Fails(() => Runner.MigrateUp(1));
        error.ShouldBeAssignableTo<DataMigrationException>();
        Rows("SELECT language_id, name, last_update::text FROM language ORDER BY 1").ShouldBe(before);
    }

    [SkippableFact]
    public void A_reversible_DeleteOthers_of_a_table_whose_rows_cascade_to_another_is_refused_before_it_writes()
    {
        Db.Execute("CREATE TABLE country (country_id integer PRIMARY KEY, country text NOT NULL)");
        Db.Execute("CREATE TABLE city (city_id integer PRIMARY KEY, city text NOT NULL, country_id integer REFERENCES country ON DELETE CASCADE)");
        Db.Execute("INSERT INTO country VALUES (1, 'Afghanistan'), (2, 'Algeria'), (3, 'Atlantis')");
        Db.Execute("INSERT INTO city VALUES (10, 'Kabul', 1), (20, 'Poseidonia', 3)");
        Scenario.OnlineReversible = m => m.Seed.Table("country").Key("country_id").Rows(new { country_id = 1, country = "Afghanistan" }, new { country_id = 2, country = "Algeria" }).DeleteOthers();

        var error = Should.Throw<DataMigrationException>(() => Runner.MigrateUp(3));

        error.Message.ShouldContain("writing its rows also runs foreign key \"city_country_id_fkey\" of city (ON DELETE CASCADE)");
        Rows("SELECT * FROM country ORDER BY 1").ShouldBe(["1|Afghanistan", "2|Algeria", "3|Atlantis"]);
        Rows("SELECT * FROM city ORDER BY 1").ShouldBe(["10|Kabul|1", "20|Poseidonia|3"]);
    }

    // ---------- Down() ----------

    [SkippableFact]
    public void pg_uuid_date_numeric_composite_key_from_csv_rerun_unchanged()
    {
        Db.Execute("CREATE TABLE rates (id uuid NOT NULL, day date NOT NULL, band numeric NOT NULL, rate numeric(8,3), PRIMARY KEY (id, day, band))");
        var path = File("rates.csv", "id,day,band,rate\n0f8fad5b-d9cb-469f-a165-70867728950e,2026-01-01,1.50,0.125\n0f8fad5b-d9cb-469f-a165-70867728950e,2026-01-01,2,1\n");
        Scenario.InTransaction = m => m.Seed.Table("rates").Key("id", "day", "band").FromCsv(path);
        Scenario.Online = m => m.Seed.Table("rates").Key("id", "day", "band").FromCsv(path);

        Runner.MigrateUp(1);
        var second = Runner.MigrateUp(2).Migrations.Single(x => x.Version == 2).Seeds.Single();
        Dump("SELECT id, day::text, band::text, rate::text FROM rates ORDER BY band");
        (second.Inserted, second.Updated, second.Unchanged, second.Others).ShouldBe((0L, 0L, 2L, 0L));
    }

    [SkippableFact]
    public void pg_timestamp_key_rerun_unchanged()
    {
        Db.Execute("CREATE TABLE slots (at timestamp NOT NULL PRIMARY KEY, label text)");
        var path = File("slots.json", "[{\"at\":\"2026-01-01T10:00:00.123456\",\"label\":\"a\"},{\"at\":\"2026-01-01 11:00\",\"label\":\"b\"}]");
        Scenario.InTransaction = m => m.Seed.Table("slots").Key("at").FromJson(path);
        Scenario.Online = m => m.Seed.Table("slots").Key("at").FromJson(path);

        Runner.MigrateUp(1);
        var second = Runner.MigrateUp(2).Migrations.Single(x => x.Version == 2).Seeds.Single();
        (second.Inserted, second.Updated, second.Unchanged).ShouldBe((0L, 0L, 2L));
    }

    [SkippableFact]
    public void pg_citext_key_case_change_updates_key()
    {
        Db.Execute("CREATE EXTENSION IF NOT EXISTS citext");
        Db.Execute("CREATE TABLE plans (code citext NOT NULL PRIMARY KEY, name text NOT NULL)");
        Db.Execute("INSERT INTO plans VALUES ('pro', 'Pro'), ('free', 'Free')");
        Scenario.InTransaction = m => m.Seed.Table("plans").Key("code").Rows(new { code = "PRO", name = "Pro" }, new { code = "free", name = "Free" });

        var seed = Runner.MigrateUp(1).Migrations.Single().Seeds.Single();
        Output.WriteLine($"i{seed.Inserted} u{seed.Updated} s{seed.Unchanged} o{seed.Others}");
        Rows("SELECT code::text, name FROM plans ORDER BY name").ShouldBe(["free|Free", "PRO|Pro"]);
        (seed.Inserted, seed.Updated, seed.Unchanged, seed.Others).ShouldBe((0L, 1L, 1L, 0L));
    }

    [SkippableFact]
    public void numeric_scale_over_28_plain_value_from_csharp()
    {
        Db.Execute("CREATE TABLE nums (code varchar(10) NOT NULL PRIMARY KEY, x numeric(40,30))");
        Scenario.InTransaction = m => m.Seed.Table("nums").Key("code").Rows(new { code = "a", x = 1.5m });
        var error = Record.Exception(() => Runner.MigrateUp(1));
        Explain(error);
        Dump("SELECT code, x::text FROM nums");
        if (error is not null)
            error.ShouldBeAssignableTo<DataMigrationException>();
    }

    [SkippableFact]
    public void numeric_scale_over_28_from_csv()
    {
        Db.Execute("CREATE TABLE nums (code varchar(10) NOT NULL PRIMARY KEY, x numeric(40,30))");
        var path = File("nums.csv", "code,x\na,1.5\n");
        Scenario.InTransaction = m => m.Seed.Table("nums").Key("code").FromCsv(path);
        var error = Record.Exception(() => Runner.MigrateUp(1));
        Explain(error);
        Dump("SELECT code, x::text FROM nums");
        if (error is not null)
            error.ShouldBeAssignableTo<DataMigrationException>();
    }

    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public void invalid_inet_text_is_named_not_raw(bool emptyTable)
    {
        Db.Execute("CREATE TABLE hosts (code varchar(10) NOT NULL PRIMARY KEY, ip inet)");
        if (!emptyTable)
            Db.Execute("INSERT INTO hosts VALUES ('x', '10.0.0.9')");
        var path = File("hosts.csv", "code,ip\na,10.0.0.1\nb,not-an-ip\n");
        Scenario.InTransaction = m => m.Seed.Table("hosts").Key("code").FromCsv(path);
        var error = Record.Exception(() => Runner.MigrateUp(1));
        Explain(error);
        error.ShouldNotBeNull().ShouldBeAssignableTo<DataMigrationException>();
    }

    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public void pagila_year_domain_check_is_named_not_raw(bool emptyTable)
    {
        Db.Execute("CREATE DOMAIN year AS integer CONSTRAINT year_check CHECK (VALUE >= 1901 AND VALUE <= 2155)");
        Db.Execute("CREATE TYPE mpaa_rating AS ENUM ('G', 'PG', 'PG-13', 'R', 'NC-17')");
        Db.Execute("CREATE TABLE film (film_id serial PRIMARY KEY, title text NOT NULL, release_year year, rating mpaa_rating DEFAULT 'G')");
        if (!emptyTable)
            Db.Execute("INSERT INTO film (title, release_year) VALUES ('ACADEMY DINOSAUR', 2006)");
        var path = File("film.csv", "film_id,title,release_year,rating\n100,ALPHA,2006,PG\n101,BETA,1800,R\n");
        Scenario.Online = m => m.Seed.Table("film").Key("film_id").FromCsv(path).InBatchesOf(1);
        var error = Record.Exception(() => Runner.MigrateUp(2));
        Explain(error);
        Dump("SELECT film_id, title, release_year FROM film ORDER BY 1");
        error.ShouldNotBeNull().ShouldBeAssignableTo<DataMigrationException>();
        Db.Scalar<long>("SELECT COUNT(*) FROM film").ShouldBe(emptyTable ? 0 : 1);
    }

    [SkippableFact]
    public void timestamptz_slash_date_is_refused_like_timestamp()
    {
        Db.Execute("CREATE TABLE events (code varchar(10) NOT NULL PRIMARY KEY, at timestamptz, local timestamp)");
        var path = File("events.csv", "code,at\na,01/12/2026 10:00:00+01:00\nb,Tuesday 1 December 2026 10:00+01:00\n");
        Scenario.InTransaction = m => m.Seed.Table("events").Key("code").FromCsv(path);
        var error = Record.Exception(() => Runner.MigrateUp(1));
        Explain(error);
        Dump("SELECT code, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') FROM events ORDER BY code");
        error.ShouldNotBeNull();
    }

    [SkippableFact]
    public void jsonb_string_values_that_look_like_json()
    {
        Db.Execute("CREATE TABLE docs (code varchar(10) NOT NULL PRIMARY KEY, data jsonb)");
        var path = File("docs.json", "[{\"code\":\"a\",\"data\":\"null\"},{\"code\":\"b\",\"data\":\"true\"},{\"code\":\"c\",\"data\":\"[1]\"}]");
        Scenario.InTransaction = m => m.Seed.Table("docs").Key("code").FromJson(path);
        var error = Record.Exception(() => Runner.MigrateUp(1));
        Explain(error);
        Dump("SELECT code, jsonb_typeof(data), data::text FROM docs ORDER BY code");
    }

    [SkippableFact]
    public void in_schema_reversible_delete_others()
    {
        Db.Execute("CREATE SCHEMA \"Ref Data\"");
        Db.Execute("CREATE TABLE \"Ref Data\".\"Codes\" (\"Code\" varchar(10) NOT NULL PRIMARY KEY, \"Name\" varchar(100))");
        Db.Execute("INSERT INTO \"Ref Data\".\"Codes\" VALUES ('DE', 'Germany'), ('XX', 'Gone')");
        var before = Rows("SELECT * FROM \"Ref Data\".\"Codes\" ORDER BY 1");
        Scenario.OnlineReversible = m => m.Seed.Table("Codes").InSchema("Ref Data").Key("Code").Rows(new { Code = "DE", Name = "Deutschland" }, new { Code = "FR", Name = "France" }).DeleteOthers();
        Runner.MigrateUp(3);
        Rows("SELECT * FROM \"Ref Data\".\"Codes\" ORDER BY 1").ShouldBe(["DE|Deutschland", "FR|France"]);
        Runner.MigrateDown(0);
        Rows("SELECT * FROM \"Ref Data\".\"Codes\" ORDER BY 1").ShouldBe(before);
    }

    [SkippableFact]
    public void pg_timestamp_seven_digits_refused()
    {
        Db.Execute("CREATE TABLE slots (code text PRIMARY KEY, at timestamp(3))");
        var path = File("slots.csv", "code,at\na,2026-01-01 10:00:00.1234567\n");
        Scenario.InTransaction = m => m.Seed.Table("slots").Key("code").FromCsv(path);
        var error = Record.Exception(() => Runner.MigrateUp(1));
        Explain(error);
        Dump("SELECT code, at::text FROM slots");
        error.ShouldNotBeNull().ShouldBeOfType<SeedRowException>();
    }
}
