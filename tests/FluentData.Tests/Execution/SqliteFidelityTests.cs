using FluentData.Tests.Infrastructure;
using FluentData.Tests.Migrations.Shapes;
using Microsoft.Extensions.DependencyInjection;

namespace FluentData.Tests.Execution;

/// <summary>
/// SQLite stores any value in any column and converts by affinity: keys resume in the form they
/// are stored in, and values are written in the form the column already uses, or refused.
/// </summary>
public sealed class SqliteFidelityTests() : MigrationTests<SqliteTestDatabase>("FluentData.Tests.Migrations.Shapes")
{
    private readonly ShapeScenario _scenario = new();
    private readonly StopAfterBatches _stop = new();

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton(_scenario);
        services.AddDataMigrations(o => o.ReportProgressTo(_stop));
    }

    public static TheoryData<string, string> StoredKeys => new()
    {
        { "UNIQUEIDENTIFIER", "lower(hex(randomblob(4))) || '-aaaa-4bbb-8ccc-' || lower(hex(randomblob(6)))" },
        { "UNIQUEIDENTIFIER", "randomblob(16)" },
        { "DATETIME", "strftime('%Y-%m-%dT%H:%M:%S', '2024-01-01', '+' || value || ' minutes')" },
        { "BLOB", "randomblob(3 + value % 5)" }, // three bytes at least: 40 random one-byte keys would collide
        { "TEXT", "printf('%s%03d', CASE value % 2 WHEN 0 THEN 'a' ELSE 'B' END, value)" },
        { "REAL", "value / 7.0" },
    };

    [SkippableTheory]
    [MemberData(nameof(StoredKeys))]
    public void An_interrupted_online_transform_resumes_after_the_key_as_stored_and_does_every_row_once(string type, string key)
    {
        Db.Execute($"CREATE TABLE items (k {type} PRIMARY KEY NOT NULL, visits INTEGER NOT NULL DEFAULT 0)");
        Db.Execute($"WITH RECURSIVE n(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM n WHERE value < 40) INSERT INTO items (k) SELECT {key} FROM n");
        _scenario.Online = m => m.Transform.Table("items").Column("visits").Using(row => row.Get<int>("visits") + 1).InBatchesOf(7);
        _stop.After = 3;

        Should.Throw<OperationCanceledException>(() => Runner.MigrateUp(_stop.Token));
        Db.Scalar<long>("SELECT COUNT(*) FROM items WHERE visits = 1").ShouldBe(21);
        _stop.After = null;
        Runner.MigrateUp();

        Db.Rows("SELECT visits FROM items").ShouldAllBe(r => Equals(r[0], 1L));
        Db.Scalar<long>("SELECT COUNT(*) FROM \"FluentDataCheckpoints\"").ShouldBe(0);
    }

    [SkippableFact]
    public void Guids_and_dates_are_written_in_the_form_their_column_already_uses()
    {
        Db.Execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, ref UNIQUEIDENTIFIER, placed DATETIME, due DATETIME)");
        Db.Execute("INSERT INTO orders VALUES (1, 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '2024-01-01T09:00:00Z', NULL), (2, NULL, NULL, NULL)");
        var guid = Guid.Parse("0B7E7DEE-87AC-4B51-8D5B-2B4D6F6F1A01");
        _scenario.InTransaction = m => m.Transform.Table("orders").Columns("ref", "placed", "due").Using((row, set) =>
        {
            if ((long)row.Key.Value != 2)
                return;
            set["ref"] = guid;
            set["placed"] = new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc);
            set["due"] = new DateTime(2024, 5, 6, 7, 8, 9, 500);
        });

        Runner.MigrateUp(1);

        Db.Rows("SELECT ref, placed, due FROM orders WHERE id = 2").Single().ShouldBe(
            ["0b7e7dee-87ac-4b51-8d5b-2b4d6f6f1a01", "2024-05-06T07:08:09Z", "2024-05-06 07:08:09.5"]);
    }

    [SkippableTheory]
    [InlineData("INTEGER", "12", "as a number")]
    [InlineData("TEXT", 12L, "holds text")]
    [InlineData("REAL", double.NaN, "NULL")]
    [InlineData("INTEGER", 343.719, "not a whole number")]
    public void A_value_SQLite_would_store_differently_is_refused_before_the_first_write(string type, object value, string reason)
    {
        Db.Execute($"CREATE TABLE things (id INTEGER PRIMARY KEY, v {type})");
        Db.Execute("INSERT INTO things (id) VALUES (1), (2)");
        _scenario.InTransaction = m => m.Transform.Table("things").Column("v").Using(_ => value);

        var error = Should.Throw<TransformFailedException>(() => Runner.MigrateUp(1));

        error.Message.ShouldContain(reason);
        error.Message.ShouldContain("key 1");
        Db.Scalar<long>("SELECT COUNT(v) FROM things").ShouldBe(0);
    }

    [SkippableFact]
    public void A_schema_name_from_another_database_is_explained()
    {
        Db.Execute("CREATE TABLE genre (id INTEGER PRIMARY KEY, name TEXT)");
        _scenario.InTransaction = m => m.Transform.Table("genre").InSchema("public").Column("name").Using(_ => "x");

        var error = Should.Throw<TableSchemaException>(() => Runner.MigrateUp(1));

        error.Message.ShouldContain("SQLite has no schema 'public'");
        error.Message.ShouldContain("main");
    }

    [SkippableFact]
    public void A_primary_key_column_holding_NULL_is_refused_before_anything_is_read()
    {
        Db.Execute("CREATE TABLE tags (name TEXT PRIMARY KEY, label TEXT)");
        Db.Execute("INSERT INTO tags VALUES ('a', NULL), (NULL, NULL)");
        _scenario.InTransaction = m => m.Transform.Table("tags").Column("label").Using(_ => "x");

        Should.Throw<TableSchemaException>(() => Runner.MigrateUp(1)).Message.ShouldContain("1 rows have NULL in it");
        Db.Scalar<long>("SELECT COUNT(label) FROM tags").ShouldBe(0);
    }

    protected override void Dispose(bool disposing)
    {
        _stop.Dispose();
        base.Dispose(disposing);
    }
}
