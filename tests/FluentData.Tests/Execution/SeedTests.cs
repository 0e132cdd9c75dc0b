using System.ComponentModel.DataAnnotations.Schema;
using FluentData.Tests.Infrastructure;
using FluentMigrator.Runner.Exceptions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FluentData.Tests.Execution;

/// <summary>
/// <c>Seed.Table(t).Key(k)</c>: reference rows from C#, CSV or JSON upserted by their key — missing
/// rows inserted, rows that differ updated, equal rows not written, rows the seed does not name
/// reported or deleted — checked before anything is written, idempotent, counted by plans and dry
/// runs, and undone exactly by a generated Down().
/// </summary>
public abstract class SeedTests<TDatabase> : ShapeMigrationTests<TDatabase>
    where TDatabase : TestDatabase, new()
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fluentdata-seed-").FullName;
    private readonly CapturedLogs _logs = new();

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

    private void GivenCountries(params string[] rows)
    {
        Db.Execute("CREATE TABLE countries (code varchar(3) NOT NULL PRIMARY KEY, name varchar(40) NOT NULL, population bigint, eu boolean NOT NULL, joined date, note varchar(20))");
        foreach (var row in rows)
            Db.Execute($"INSERT INTO countries (code, name, population, eu, joined, note) VALUES ({row})");
    }

    /// <summary>Counts every UPDATE of a row of countries, to show that equal rows are not written.</summary>
    private void CountUpdates()
    {
        Db.Execute("CREATE TABLE updates (code varchar(3))");
        if (Db.Engine == "SQLite")
        {
            Db.Execute("CREATE TRIGGER countries_updated AFTER UPDATE ON countries BEGIN INSERT INTO updates VALUES (new.code); END");
            return;
        }

        Db.Execute("CREATE FUNCTION count_update() RETURNS trigger AS $$ BEGIN INSERT INTO updates VALUES (NEW.code); RETURN NEW; END $$ LANGUAGE plpgsql");
        Db.Execute("CREATE TRIGGER countries_updated AFTER UPDATE ON countries FOR EACH ROW EXECUTE FUNCTION count_update()");
    }

    private List<string> Updated() => Db.Rows("SELECT code FROM updates ORDER BY code").Select(r => (string)r[0]!).ToList();

    private List<string> Countries() => Db.Rows(
            "SELECT code || '|' || name || '|' || COALESCE(CAST(population AS varchar(20)), 'NULL') || '|' || CASE WHEN eu THEN 'eu' ELSE '-' END || '|' || " +
            "COALESCE(substr(CAST(joined AS varchar(30)), 1, 10), 'NULL') || '|' || COALESCE(note, 'NULL') FROM countries ORDER BY code")
        .Select(r => (string)r[0]!).ToList();

    private string File(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    private const string CountriesCsv =
        "code,name,population,eu,joined,note\n" +
        "DE,Germany,84000000,true,1958-01-01,\n" +
        "FR,France,68000000,true,1958-01-01,\"\"\n" +
        "NO,\"Norway, Kingdom of\",,false,,\"says \"\"nei\"\"\"\n";

    private static readonly string[] CountriesAfterCsv =
    [
        "DE|Germany|84000000|eu|1958-01-01|NULL",
        "FR|France|68000000|eu|1958-01-01|",
        "NO|Norway, Kingdom of|NULL|-|NULL|says \"nei\"",
    ];

    [SkippableFact]
    public void Seeding_CSharp_rows_inserts_them_and_seeding_them_again_writes_nothing()
    {
        GivenCountries();
        CountUpdates();
        object[] rows =
        [
            new Country("DE", "Germany", 84_000_000, true, new DateOnly(1958, 1, 1), null),
            new { code = "FR", name = "France", population = 68_000_000L, eu = true, joined = new DateOnly(1958, 1, 1), note = "" },
            new Dictionary<string, object?> { ["code"] = "NO", ["name"] = "Norway, Kingdom of", ["population"] = null, ["eu"] = false, ["joined"] = null, ["note"] = "says \"nei\"" },
        ];
        Scenario.InTransaction = m => m.Seed.Table("countries").Key("code").Rows(rows);
        Scenario.Online = m => m.Seed.Table("countries").Key("code").Rows(rows);

        var first = Runner.MigrateUp(1).Migrations.Single().Seeds.Single();
        var second = Runner.MigrateUp(2).Migrations.Single(x => x.Version == 2).Seeds.Single();

        (first.Source, first.Rows, first.Inserted, first.Updated, first.Unchanged, first.Others).ShouldBe(("C# rows", 3L, 3L, 0L, 0L, 0L));
        (second.Inserted, second.Updated, second.Unchanged, second.Others).ShouldBe((0L, 0L, 3L, 0L));
        Countries().ShouldBe(CountriesAfterCsv);
        Updated().ShouldBeEmpty();
        _logs.Entries.ShouldContain(e => e.Message.Contains("0 rows inserted, 0 updated, 3 unchanged (compared with the table; nothing to write)"));
    }

    [SkippableFact]
    public void A_CSV_seed_reads_typed_values_NULL_for_an_empty_field_and_empty_text_for_quoted_nothing()
    {
        GivenCountries();
        var path = File("countries.csv", CountriesCsv);
        Scenario.InTransaction = m => m.Seed.Table("countries").Key("code").FromCsv(path);
        Scenario.Online = m => m.Seed.Table("countries").Key("code").FromCsv(path);

        Runner.MigrateUp(1).Migrations.Single().Seeds.Single().ShouldSatisfyAllConditions(
            s => s.Source.ShouldBe(path),
            s => (s.Inserted, s.Updated, s.Unchanged).ShouldBe((3L, 0L, 0L)));
        Runner.MigrateUp(2).Migrations.Single(x => x.Version == 2).Seeds.Single().Unchanged.ShouldBe(3);

        Countries().ShouldBe(CountriesAfterCsv);
    }

    [SkippableFact]
    public void A_seed_inserts_missing_rows_updates_rows_that_differ_and_reports_rows_it_does_not_name_without_touching_them()
    {
        GivenCountries("'DE', 'Germany', 83000000, true, '1958-01-01', NULL", "'FR', 'France', 68000000, true, '1958-01-01', ''",
            "'IT', 'Italy', 59000000, true, '1958-01-01', NULL", "'CH', 'Switzerland', 9000000, false, NULL, NULL");
        CountUpdates();
        var path = File("countries.csv", CountriesCsv.Replace("France,", "French Republic,", StringComparison.Ordinal));
        Scenario.InTransaction = m => m.Seed.Table("countries").Key("code").FromCsv(path);

        var seed = Runner.MigrateUp(1).Migrations.Single().Seeds.Single();

        (seed.Inserted, seed.Updated, seed.Unchanged, seed.Others, seed.Deleted).ShouldBe((1L, 2L, 0L, 2L, 0L));
        Updated().ShouldBe(["DE", "FR"]);
        Countries().ShouldBe(
        [
            "CH|Switzerland|9000000|-|NULL|NULL",
            "DE|Germany|84000000|eu|1958-01-01|NULL",
            "FR|French Republic|68000000|eu|1958-01-01|",
            "IT|Italy|59000000|eu|1958-01-01|NULL",
            "NO|Norway, Kingdom of|NULL|-|NULL|says \"nei\"",
        ]);
        _logs.Entries.ShouldContain(e => e.Level == LogLevel.Warning && e.Message.Contains("2 rows of the table are not in the seed and were kept: (CH), (IT); .DeleteOthers() deletes them"));
    }

    [SkippableFact]
    public void When_every_row_is_found_only_the_rows_that_differ_are_staged_and_written()
    {
        GivenCountries("'CH', 'Switzerland', 9000000, false, NULL, NULL", "'DE', 'Germany', 83000000, true, '1958-01-01', NULL",
            "'FR', 'France', 68000000, true, '1958-01-01', ''", "'NO', 'Norway, Kingdom of', NULL, false, NULL, 'says \"nei\"'");
        CountUpdates();
        var path = File("countries.csv", CountriesCsv);
        Scenario.InTransaction = m => m.Seed.Table("countries").Key("code").FromCsv(path);

        var seed = Runner.MigrateUp(1).Migrations.Single().Seeds.Single();

        (seed.Inserted, seed.Updated, seed.Unchanged, seed.Others, seed.Deleted).ShouldBe((0L, 1L, 2L, 1L, 0L));
        Updated().ShouldBe(["DE"]);
        Countries().ShouldBe(["CH|Switzerland|9000000|-|NULL|NULL", .. CountriesAfterCsv]);
        _logs.Entries.ShouldContain(e => e.Message.Contains("0 rows inserted, 1 updated, 2 unchanged (compared with the table; 1 rows staged and upserted)"));
    }

    [SkippableFact]
    public void DeleteOthers_deletes_the_rows_the_seed_does_not_name()
    {
        GivenCountries("'CH', 'Switzerland', 9000000, false, NULL, NULL", "'DE', 'Germany', 84000000, true, '1958-01-01', NULL");
        var path = File("countries.csv", CountriesCsv);
        Scenario.InTransaction = m => m.Seed.Table("countries").Key("code").FromCsv(path).DeleteOthers();

        var seed = Runner.MigrateUp(1).Migrations.Single().Seeds.Single();

        (seed.Inserted, seed.Updated, seed.Unchanged, seed.Others, seed.Deleted).ShouldBe((2L, 0L, 1L, 1L, 1L));
        Countries().ShouldBe(CountriesAfterCsv);
    }

    [SkippableFact]
    public void A_JSON_seed_takes_strings_numbers_booleans_and_nulls_and_names_the_line_of_a_bad_value()
    {
        GivenCountries();
        var good = File("countries.json", """
            [
              { "code": "DE", "name": "Germany", "population": 84000000, "eu": true, "joined": "1958-01-01", "note": null },
              { "code": "FR", "name": "France", "population": 68000000, "eu": true, "joined": "1958-01-01", "note": "" },
              { "name": "Norway, Kingdom of", "code": "NO", "eu": false, "population": null, "joined": null, "note": "says \"nei\"" }
            ]
            """);
        var bad = File("bad.json", """
            [
              { "code": "SE", "name": "Sweden", "population": 10500000, "eu": true, "joined": "1995-01-01", "note": null },
              { "code": "FI", "name": "Finland", "population": "5.6 million", "eu": true, "joined": "1995-01-01", "note": null }
            ]
            """);
        Scenario.InTransaction = m => m.Seed.Table("countries").Key("code").FromJson(good);
        Scenario.Online = m => m.Seed.Table("countries").Key("code").FromJson(bad);

        Runner.MigrateUp(1).Migrations.Single().Seeds.Single().Inserted.ShouldBe(3);
        var error = Should.Throw<SeedRowException>(() => Runner.MigrateUp(2));

        Countries().ShouldBe(CountriesAfterCsv);
        (error.Line, error.Column, error.SeedSource).ShouldBe((3L, "population", bad));
        error.Message.ShouldBe(
            $"Seed of 'countries' in ShapeOnline (2) failed on line 3 of {bad}: 'population' ({PopulationType}): \"5.6 million\" is not a whole number. Nothing was changed.");
    }

    private string PopulationType => Db.Engine == "SQLite" ? "bigint" : "bigint";

    [SkippableFact]
    public void A_CSV_line_whose_value_the_column_cannot_hold_is_named_and_nothing_is_written()
    {
        GivenCountries("'CH', 'Switzerland', 9000000, false, NULL, NULL");
        var path = File("countries.csv", CountriesCsv + "SE,Sweden,10500000,true,1995-01-01,a note much longer than twenty\n");
        Scenario.InTransaction = m => m.Seed.Table("countries").Key("code").FromCsv(path).DeleteOthers();

        var error = Should.Throw<SeedRowException>(() => Runner.MigrateUp(1));

        (error.Line, error.Column, error.Table).ShouldBe((5L, "note", "countries"));
        error.Message.ShouldStartWith($"Seed of 'countries' in ShapeInTransaction (1) failed on line 5 of {path}: String \"a note much longer than twenty\" cannot be written to 'note'");
        Countries().ShouldBe(["CH|Switzerland|9000000|-|NULL|NULL"]);
    }

    [SkippableFact]
    public void A_key_given_twice_is_refused_naming_both_rows()
    {
        GivenCountries();
        Scenario.InTransaction = m => m.Seed.Table("countries").Key("code").Rows(
            new { code = "DE", name = "Germany", eu = true }, new { code = "FR", name = "France", eu = true }, new { code = "DE", name = "Deutschland", eu = true });

        var error = Should.Throw<SeedRowException>(() => Runner.MigrateUp(1));

        error.Line.ShouldBe(3);
        error.Message.ShouldBe("Seed of 'countries' in ShapeInTransaction (1) failed on row 3 of the C# rows: the key (String \"DE\") is given twice, on row 1 of the C# rows and here; a seed names each row once. Nothing was changed.");
        Countries().ShouldBeEmpty();
    }

    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public void Keys_that_the_tables_unique_key_takes_for_one_are_refused_before_anything_is_written(bool emptyTable)
    {
        if (Db.Engine == "SQLite")
        {
            Db.Execute("CREATE TABLE plans (code text COLLATE NOCASE NOT NULL PRIMARY KEY, name text NOT NULL)");
        }
        else
        {
            Skip.If(Db.Scalar<long>("SELECT COUNT(*) FROM pg_available_extensions WHERE name = 'citext'") == 0, "citext is not installed on this server");
            Db.Execute("CREATE EXTENSION IF NOT EXISTS citext");
            Db.Execute("CREATE TABLE plans (code citext NOT NULL PRIMARY KEY, name text NOT NULL)");
        }

        if (!emptyTable)
            Db.Execute("INSERT INTO plans VALUES ('free', 'Free')");
        var path = File("plans.csv", "code,name\npro,Pro\nteam,Team\nPRO,Professional\n");
        Scenario.InTransaction = m => m.Seed.Table("plans").Key("code").FromCsv(path);

        var error = Should.Throw<SeedRowException>(() => Runner.MigrateUp(1));

        error.Line.ShouldBe(4);
        error.Message.ShouldBe($"Seed of 'plans' in ShapeInTransaction (1) failed on line 4 of {path}: its key (PRO) is the key of line 2 of {path} (pro) as the table's unique key on (code) compares them; a seed names each row once. Nothing was changed.");
        Db.Scalar<long>("SELECT COUNT(*) FROM plans").ShouldBe(emptyTable ? 0 : 1);
    }

    [SkippableFact]
    public void A_seed_matched_by_columns_without_a_unique_index_is_refused()
    {
        Db.Execute("CREATE TABLE plans (id integer NOT NULL PRIMARY KEY, code varchar(10) NOT NULL, name varchar(20) NOT NULL)");
        Scenario.InTransaction = m => m.Seed.Table("plans").Key("code").Rows(new { code = "pro", name = "Pro" });

        var error = Should.Throw<TableSchemaException>(() => Runner.MigrateUp(1));

        error.Message.ShouldStartWith("Seed of 'plans' in ShapeInTransaction (1) matches rows by (code), but table 'plans' has no primary key or unique index on exactly these columns");
        error.Message.ShouldContain("Create.UniqueConstraint().OnTable(\"plans\").Columns(\"code\")");
    }

    [SkippableFact]
    public void The_generated_Down_gives_updated_and_deleted_rows_back_and_removes_the_inserted_ones()
    {
        GivenCountries("'CH', 'Switzerland', 9000000, false, NULL, NULL", "'DE', 'Germany', 83000000, true, '1958-01-01', 'old'",
            "'FR', 'France', 68000000, true, '1958-01-01', ''");
        var before = Countries();
        var path = File("countries.csv", CountriesCsv);
        Scenario.OnlineReversible = m => m.Seed.Table("countries").Key("code").FromCsv(path).DeleteOthers().InBatchesOf(2);

        var seed = Runner.MigrateUp(3).Migrations.Single(x => x.Version == 3).Seeds.Single();
        (seed.Inserted, seed.Updated, seed.Unchanged, seed.Deleted).ShouldBe((1L, 1L, 1L, 1L));
        Countries().ShouldBe(CountriesAfterCsv);

        var undo = Runner.MigrateDown(0).Migrations.Single(x => x.Version == 3).Seeds.Single();

        (undo.Inserted, undo.Updated, undo.Deleted).ShouldBe((1L, 1L, 1L));
        Countries().ShouldBe(before);
        Db.Scalar<long>(Db.Engine == "SQLite"
            ? "SELECT COUNT(*) FROM sqlite_master WHERE name LIKE 'fluentdata_undo%'"
            : "SELECT COUNT(*) FROM pg_class WHERE relname LIKE 'fluentdata_undo%'").ShouldBe(0);
    }

    [SkippableFact]
    public void Plan_and_dry_run_count_what_a_seed_would_do_and_change_nothing()
    {
        GivenCountries("'CH', 'Switzerland', 9000000, false, NULL, NULL", "'DE', 'Germany', 83000000, true, '1958-01-01', NULL",
            "'FR', 'France', 68000000, true, '1958-01-01', ''");
        var before = Countries();
        var path = File("countries.csv", CountriesCsv);
        Scenario.InTransaction = m => m.Seed.Table("countries").Key("code").FromCsv(path).DeleteOthers();

        var step = Runner.Plan().Migrations.Single(x => x.Version == 1).Steps.Single(s => s.Kind == "seed");
        var dryRun = Runner.DryRun().Seeds.Single();

        (step.Rows, step.Note).ShouldBe((3L, "1 to insert, 1 to update, 1 unchanged; 1 rows of the table are not in the seed ((CH)), deleted"));
        (dryRun.Inserted, dryRun.Updated, dryRun.Unchanged, dryRun.Others, dryRun.Deleted).ShouldBe((1L, 1L, 1L, 1L, 1L));
        Countries().ShouldBe(before);
    }

    [SkippableFact]
    public void A_seed_file_is_found_next_to_the_migrations_assembly_or_embedded_in_it()
    {
        Db.Execute("CREATE TABLE plans (code varchar(10) NOT NULL PRIMARY KEY, name varchar(20) NOT NULL, price numeric(8,2) NOT NULL)");
        Scenario.InTransaction = m => m.Seed.Table("plans").Key("code").FromCsv("Seeds/plans.csv");
        Scenario.Online = m => m.Seed.Table("plans").Key("code").FromJson("Seeds/plans-embedded.json").DeleteOthers();

        Runner.MigrateUp(1).Migrations.Single().Seeds.Single().Inserted.ShouldBe(3);
        Db.Rows("SELECT code, name, CAST(price AS varchar(20)) FROM plans ORDER BY code").Select(r => string.Join("|", r))
            .ShouldBe(Db.Engine == "SQLite" ? ["free|Free|0", "pro|Pro|12.5", "team|Team, yearly|99"] : ["free|Free|0.00", "pro|Pro|12.50", "team|Team, yearly|99.00"]);
        var second = Runner.MigrateUp(2).Migrations.Single(x => x.Version == 2).Seeds.Single();

        (second.Updated, second.Unchanged, second.Deleted).ShouldBe((0L, 2L, 1L));
    }

    [SkippableFact]
    public void A_seed_file_that_cannot_be_found_says_where_it_was_looked_for()
    {
        GivenCountries();
        Scenario.InTransaction = m => m.Seed.Table("countries").Key("code").FromCsv("Seeds/missing.csv");

        var error = Should.Throw<SeedRowException>(() => Runner.MigrateUp(1));

        error.Message.ShouldContain("reads its rows from 'Seeds/missing.csv', but there is no file ");
        error.Message.ShouldContain("FluentData.Tests embeds no resource named like 'Seeds.missing.csv'");
    }

    [SkippableFact]
    public void An_online_seed_in_batches_writes_each_batch_and_counts_every_row()
    {
        Db.Execute("CREATE TABLE codes (code varchar(10) NOT NULL PRIMARY KEY, n integer NOT NULL)");
        Db.Execute("INSERT INTO codes VALUES ('c01', 0)");
        var rows = Enumerable.Range(1, 25).Select(i => new { code = $"c{i:00}", n = i % 3 }).ToArray();
        Scenario.Online = m => m.Seed.Table("codes").Key("code").Rows(rows).InBatchesOf(7);

        var seed = Runner.MigrateUp(2).Migrations.Single(x => x.Version == 2).Seeds.Single();

        (seed.Inserted, seed.Updated, seed.Unchanged).ShouldBe((24L, 1L, 0L));
        Db.Rows("SELECT code, n FROM codes ORDER BY code").Select(r => $"{r[0]}|{r[1]}").ShouldBe(rows.Select(r => $"{r.code}|{r.n}"));
    }

    private sealed record Country(string Code, string Name, long? Population, [property: Column("eu")] bool InEu, DateOnly? Joined, string? Note);
}

public sealed class SqliteSeedTests : SeedTests<SqliteTestDatabase>;

public sealed class PostgresSeedTests : SeedTests<PostgresTestDatabase>;
