using System.Text.Json.Nodes;
using FluentData.Tests.Infrastructure;
using FluentData.Tests.Migrations.Shapes;
using Microsoft.Extensions.DependencyInjection;

namespace FluentData.Tests.Execution;

/// <summary>
/// PostgreSQL values and keys that were once written wrong without an error: each is now written
/// exactly, or refused before the first write with the table, column and key.
/// </summary>
public sealed class PostgresFidelityTests() : MigrationTests<PostgresTestDatabase>("FluentData.Tests.Migrations.Shapes")
{
    private readonly ShapeScenario _scenario = new();
    private readonly StopAfterBatches _stop = new();

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton(_scenario);
        services.AddDataMigrations(o => o.ReportProgressTo(_stop));
    }

    private List<string?> Texts(string sql) => Db.Rows(sql).Select(r => (string?)r[0]).ToList();

    [SkippableFact]
    public void A_char_n_column_keeps_its_length_as_a_target_a_key_and_in_a_map()
    {
        Db.Execute("CREATE TABLE countries (code char(3) PRIMARY KEY, iso2 char(2), status char(3))");
        Db.Execute("INSERT INTO countries VALUES ('DEU', NULL, 'NEW'), ('FRA', NULL, 'OLD'), ('ITA', NULL, 'NEW')");
        _scenario.InTransaction = m =>
        {
            m.Transform.Table("countries").Column("iso2").Using(row => ((string)row["code"]!)[..2]).InBatchesOf(2);
            m.Transform.Table("countries").Column("status").Map(new Dictionary<object, object?> { ["NEW"] = "ACT" });
        };

        var result = Runner.MigrateUp(1);

        Texts("SELECT iso2 || '|' || status FROM countries ORDER BY code").ShouldBe(["DE|ACT", "FR|OLD", "IT|ACT"]);
        result.RowsTransformed.ShouldBe(6);
    }

    [SkippableTheory]
    [InlineData("character varying(5)[]", "{\"abcdefgh\"}", "{abcde}")]
    [InlineData("numeric(5,2)[]", "{\"1.234\"}", "{1.23}")]
    [InlineData("bit(3)", "1010", "101")]
    [InlineData("interval(0)", "00:00:01.5", "00:00:02")]
    [InlineData("interval day", "1 day 05:00:00", "1 day")]
    [InlineData("character varying(5)[]", "{\"abcdefgh\"}", "{abcde}", true)]
    [InlineData("bit(3)", "1010", "101", true)]
    public void A_value_a_type_modifier_would_cut_or_round_is_refused_by_transforms_and_copies_not_written_changed(string type, string sent, string stored, bool asDomain = false)
    {
        if (asDomain)
            Db.Execute($"CREATE DOMAIN modified AS {type}");
        var column = asDomain ? "modified" : type;
        Db.Execute($"CREATE TABLE things (id integer PRIMARY KEY, v {column})");
        Db.Execute($"CREATE TABLE thing_copies (id integer PRIMARY KEY, v {column})");
        Db.Execute("INSERT INTO things (id) VALUES (1), (2), (3)");
        object value = type switch
        {
            "character varying(5)[]" => new[] { "abcdefgh" },
            "numeric(5,2)[]" => new[] { 1.234m },
            _ => sent,
        };

        _scenario.InTransaction = m => m.Transform.Table("things").Column("v").Using(row => row.Get<int>("id") == 2 ? value : null);
        var transform = Should.Throw<TransformFailedException>(() => Runner.MigrateUp(1));
        _scenario.InTransaction = m => m.Copy.Rows.From("things").To("thing_copies").Using(row => new { id = row["id"], v = row.Get<int>("id") == 2 ? value : null });
        var copy = Should.Throw<DataMigrationException>(() => Runner.MigrateUp(1));

        foreach (var error in new DataMigrationException[] { transform, copy })
            error.Message.ShouldContain($"PostgreSQL would store {sent} as {stored} in column 'v' ({column})");
        Db.Scalar<long>("SELECT COUNT(*) FROM things WHERE v IS NOT NULL").ShouldBe(0);
        Db.Scalar<long>("SELECT COUNT(*) FROM thing_copies").ShouldBe(0);
    }

    [SkippableTheory]
    [InlineData("numeric(10,2)", "1.005")]
    [InlineData("timestamp(0)", "2024-01-02 03:04:05.5")]
    [InlineData("time(0)", "03:04:05.5")]
    public void A_copy_s_binary_COPY_refuses_what_the_target_s_precision_would_round(string type, string value)
    {
        Db.Execute("CREATE TABLE things (id integer PRIMARY KEY)");
        Db.Execute("INSERT INTO things VALUES (1), (2)");
        Db.Execute($"CREATE TABLE thing_copies (id integer PRIMARY KEY, v {type})");
        object sent = type switch
        {
            "numeric(10,2)" => decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture),
            "timestamp(0)" => DateTime.Parse(value, System.Globalization.CultureInfo.InvariantCulture),
            _ => TimeOnly.Parse(value, System.Globalization.CultureInfo.InvariantCulture),
        };
        _scenario.InTransaction = m => m.Copy.Rows.From("things").To("thing_copies").Using(row => new { id = row["id"], v = row.Get<int>("id") == 2 ? sent : null });

        var error = Should.Throw<TransformFailedException>(() => Runner.MigrateUp(1));

        (error.Column, error.Key!.ToString()).ShouldBe(("v", "2"));
        Db.Scalar<long>("SELECT COUNT(*) FROM thing_copies").ShouldBe(0);
    }

    [SkippableFact]
    public void A_copy_writes_date_and_time_values_into_the_target_s_key_exactly()
    {
        Db.Execute("CREATE TABLE payments (id integer PRIMARY KEY, paid_at timestamptz NOT NULL, local_at timestamp NOT NULL, at_time time NOT NULL, on_day date NOT NULL)");
        Db.Execute("INSERT INTO payments VALUES (1, '2024-01-15 10:30:00.123456+00', '2024-01-02 23:59:59.999999', '23:59:59.999999', '2024-01-02'), " +
                   "(2, '2024-07-01 00:00:00.5+02', '1999-12-31 00:00:00.000001', '00:00:00.000001', '1999-12-31')");
        Db.Execute("CREATE TABLE payment_archive (paid_at timestamptz, local_at timestamp, at_time time, on_day date, id integer, PRIMARY KEY (paid_at, local_at, at_time, on_day, id))");
        _scenario.Online = m =>
        {
            m.Execute.Sql("SET TIME ZONE 'America/New_York'");
            m.Execute.Sql("SET DateStyle = 'ISO, DMY'");
            m.Copy.Rows.From("payments").To("payment_archive")
                .Using(row => new { id = row["id"], paid_at = row["paid_at"], local_at = row["local_at"], at_time = row["at_time"], on_day = row["on_day"] });
        };

        Runner.MigrateUp(2);

        const string Rendered = "SELECT id || '|' || (paid_at AT TIME ZONE 'UTC') || '|' || local_at || '|' || at_time || '|' || on_day FROM {0} ORDER BY id";
        Texts(string.Format(System.Globalization.CultureInfo.InvariantCulture, Rendered, "payment_archive"))
            .ShouldBe(Texts(string.Format(System.Globalization.CultureInfo.InvariantCulture, Rendered, "payments")));
    }

    [SkippableFact]
    public void A_value_NET_cannot_hold_stops_a_copy_only_when_its_mapping_reads_it()
    {
        Db.Execute("CREATE TABLE readings (id integer PRIMARY KEY, label text NOT NULL, extra numeric)");
        Db.Execute("INSERT INTO readings VALUES (1, 'a', 1.5), (2, 'b', 'NaN'), (3, 'c', NULL)");
        Db.Execute("CREATE TABLE labels (id integer PRIMARY KEY, label text NOT NULL, extra numeric)");
        _scenario.InTransaction = m => m.Copy.Rows.From("readings").To("labels").Using(row => new { id = row["id"], label = row["label"], extra = row["extra"] });
        var error = Should.Throw<TransformFailedException>(() => Runner.MigrateUp(1));
        error.Message.ShouldContain("failed on source row 2: column 'extra' (numeric) holds a value .NET cannot represent exactly");
        (error.Column, error.Key!.ToString()).ShouldBe(("extra", "2"));
        Db.Scalar<long>("SELECT COUNT(*) FROM labels").ShouldBe(0);

        _scenario.InTransaction = m => m.Copy.Rows.From("readings").To("labels").Using(row => new { id = row["id"], label = row["label"] });
        Runner.MigrateUp(1);
        Db.Scalar<long>("SELECT COUNT(*) FROM labels").ShouldBe(3);
    }

    [SkippableFact]
    public void Keys_copied_into_columns_numbered_by_a_shared_or_descending_sequence_move_it_past_them()
    {
        Db.Execute("CREATE TABLE people (id integer PRIMARY KEY, name text NOT NULL)");
        Db.Execute("INSERT INTO people SELECT g, 'p' || g FROM generate_series(1, 20) g");
        Db.Execute("CREATE SEQUENCE shared_numbers");
        Db.Execute("CREATE TABLE members (id integer PRIMARY KEY DEFAULT nextval('shared_numbers'), name text NOT NULL)");
        Db.Execute("CREATE TABLE countdown (id integer GENERATED BY DEFAULT AS IDENTITY (INCREMENT BY -1 START WITH -1 MAXVALUE -1) PRIMARY KEY, name text NOT NULL)");
        _scenario.InTransaction = m =>
        {
            m.Copy.Rows.From("people").To("members").Columns(("id", "id"), ("name", "name"));
            m.Copy.Rows.From("people").To("countdown").Using(row => new { id = -row.Get<int>("id"), name = row["name"] });
        };

        Runner.MigrateUp(1);

        Db.Execute("INSERT INTO members (name) VALUES ('next')");
        Db.Execute("INSERT INTO countdown (name) VALUES ('next')");
        Db.Scalar<int>("SELECT id FROM members WHERE name = 'next'").ShouldBe(21);
        Db.Scalar<int>("SELECT id FROM countdown WHERE name = 'next'").ShouldBe(-21);
    }

    [SkippableFact]
    public void A_table_created_under_another_letter_case_is_not_the_copy_s_target_so_the_generated_Down_is_refused()
    {
        Db.Execute("CREATE TABLE customers (id integer PRIMARY KEY, street text)");
        Db.Execute("CREATE TABLE addresses (customer_id integer, street text)");
        Db.Execute("INSERT INTO customers VALUES (1, 'Main St')");
        _scenario.OnlineReversible = m =>
        {
            m.Create.Table("Addresses").WithColumn("customer_id").AsInt32();
            m.Copy.Rows.From("customers").To("addresses").Columns(("customer_id", "id"), ("street", "street"));
        };

        Should.Throw<DataMigrationException>(() => Runner.MigrateUp(3)).Message.ShouldContain("cannot be reversed exactly");
        Db.Scalar<long>("SELECT COUNT(*) FROM addresses").ShouldBe(0);
        Db.Scalar<long>("SELECT COUNT(*) FROM pg_catalog.pg_tables WHERE tablename = 'Addresses'").ShouldBe(0);
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_citext_key_is_compared_as_citext_so_no_row_is_skipped(bool inSql)
    {
        Db.Execute("CREATE EXTENSION IF NOT EXISTS citext");
        Db.Execute("CREATE TABLE users (name citext PRIMARY KEY, visits integer NOT NULL DEFAULT 0)");
        Db.Execute("INSERT INTO users (name) VALUES ('alice'), ('Bob'), ('carol'), ('Dave'), ('erin'), ('Frank')");
        _scenario.Online = m =>
        {
            var visits = m.Transform.Table("users").Column("visits");
            (inSql ? visits.UsingSql("visits + 1") : visits.Using(row => row.Get<int>("visits") + 1)).InBatchesOf(2);
        };

        Runner.MigrateUp();

        Texts("SELECT name || '=' || visits FROM users ORDER BY name").ShouldBe(["alice=1", "Bob=1", "carol=1", "Dave=1", "erin=1", "Frank=1"]);
    }

    [SkippableFact]
    public void A_text_key_longer_than_400_characters_is_checkpointed_and_resumed_exactly()
    {
        Db.Execute("CREATE TABLE documents (path text PRIMARY KEY, visits integer NOT NULL DEFAULT 0)");
        Db.Insert("documents", ["path"], Enumerable.Range(1, 20).Select(i => new object?[] { new string('x', 500) + i.ToString("00", System.Globalization.CultureInfo.InvariantCulture) }));
        _scenario.Online = m => m.Transform.Table("documents").Column("visits").Using(row => row.Get<int>("visits") + 1).InBatchesOf(3);
        _stop.After = 2;

        Should.Throw<OperationCanceledException>(() => Runner.MigrateUp(_stop.Token));
        _stop.After = null;
        Runner.MigrateUp();

        Db.Rows("SELECT visits FROM documents").ShouldAllBe(r => Equals(r[0], 1));
    }

    [SkippableFact]
    public void After_SET_search_path_every_batch_reads_and_writes_the_table_the_migration_sees()
    {
        Db.Execute("CREATE SCHEMA tenant");
        foreach (var schema in new[] { "public", "tenant" })
        {
            Db.Execute($"CREATE TABLE {schema}.accounts (id bigint PRIMARY KEY, email text, normalized text)");
            Db.Execute($"INSERT INTO {schema}.accounts (id, email) SELECT i, '{schema.ToUpperInvariant()}' || i || '@X.COM' FROM generate_series(1, 25) i");
        }

        _scenario.InTransaction = m =>
        {
            m.Execute.Sql("SET search_path TO tenant");
            m.Transform.Table("accounts").Column("normalized").Using(row => row.Get<string>("email")!.ToLowerInvariant()).InBatchesOf(10);
        };

        Runner.MigrateUp(1);

        Db.Scalar<long>("SELECT COUNT(*) FROM tenant.accounts WHERE normalized = lower(email)").ShouldBe(25);
        Db.Scalar<long>("SELECT COUNT(normalized) FROM public.accounts").ShouldBe(0);
    }

    [SkippableTheory]
    [InlineData(1e300, "beyond the range of real")]
    [InlineData(0.1, "would be stored as 0.1")]
    public void A_double_a_real_column_cannot_hold_exactly_is_refused_with_the_table_column_and_key(double value, string reason)
    {
        Db.Execute("CREATE TABLE readings (id bigint PRIMARY KEY, ratio real)");
        Db.Execute("INSERT INTO readings VALUES (1, NULL), (2, NULL)");
        _scenario.InTransaction = m => m.Transform.Table("readings").Column("ratio").Using(row => (long)row.Key.Value == 2 ? value : 0.5);

        var error = Should.Throw<TransformFailedException>(() => Runner.MigrateUp(1));

        error.Message.ShouldContain(reason);
        error.Message.ShouldContain("'readings'.'ratio'");
        error.Key!.Value.ShouldBe(2L);
        error.Column.ShouldBe("ratio");
        Db.Scalar<long>("SELECT COUNT(ratio) FROM readings").ShouldBe(0);
    }

    [SkippableFact]
    public void Timestamps_follow_one_rule_per_column_type_checked_before_the_first_write()
    {
        Db.Execute("CREATE TABLE events (id bigint PRIMARY KEY, local_at timestamp, at timestamptz)");
        Db.Execute("INSERT INTO events (id) VALUES (1), (2)");
        var utc = new DateTime(2026, 3, 1, 12, 30, 0, DateTimeKind.Utc);
        _scenario.InTransaction = m => m.Transform.Table("events").Columns("local_at", "at").Using((_, set) =>
        {
            set["local_at"] = utc;
            set["at"] = new DateTimeOffset(2026, 3, 1, 14, 30, 0, TimeSpan.FromHours(2));
        });

        Runner.MigrateUp(1);

        Texts("SELECT local_at::text FROM events").ShouldAllBe(t => t == "2026-03-01 12:30:00");
        Db.Scalar<long>("SELECT COUNT(*) FROM events WHERE at = '2026-03-01 12:30:00+00'").ShouldBe(2);
    }

    [SkippableFact]
    public void A_DateTimeOffset_for_a_timestamp_without_time_zone_is_refused_before_any_row_is_written()
    {
        Db.Execute("CREATE TABLE events (id bigint PRIMARY KEY, local_at timestamp)");
        Db.Execute("INSERT INTO events (id) VALUES (1), (2), (3)");
        _scenario.InTransaction = m => m.Transform.Table("events").Column("local_at")
            .Using(row => (long)row.Key.Value == 3 ? DateTimeOffset.UnixEpoch : (object)new DateTime(2026, 1, 1));

        var error = Should.Throw<TransformFailedException>(() => Runner.MigrateUp(1));

        error.Message.ShouldContain("the row with key 3");
        error.Message.ShouldContain("without an offset");
        Db.Scalar<long>("SELECT COUNT(local_at) FROM events").ShouldBe(0);
    }

    [SkippableFact]
    public void Text_length_is_counted_in_characters_as_PostgreSQL_counts_them()
    {
        Db.Execute("CREATE TABLE moods (id bigint PRIMARY KEY, faces varchar(3))");
        Db.Execute("INSERT INTO moods VALUES (1, NULL)");
        _scenario.InTransaction = m => m.Transform.Table("moods").Column("faces").Using(_ => "😀😀😀");

        Runner.MigrateUp(1);

        Texts("SELECT faces FROM moods").Single().ShouldBe("😀😀😀");
    }

    [SkippableFact]
    public void Arrays_json_enums_intervals_and_addresses_are_written_in_their_own_types()
    {
        Db.Execute("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')");
        Db.Execute("""
            CREATE TABLE profiles (id bigint PRIMARY KEY, tags text[], scores integer[], doc jsonb, raw json,
                feeling mood, wait interval, address inet)
            """);
        Db.Execute("INSERT INTO profiles (id) VALUES (1)");
        _scenario.InTransaction = m => m.Transform.Table("profiles")
            .Columns("tags", "scores", "doc", "raw", "feeling", "wait", "address")
            .Using((_, set) =>
            {
                set["tags"] = new[] { "a\"b", null, "c,d", "" };
                set["scores"] = new List<int?> { 1, null, -3 };
                set["doc"] = new JsonObject { ["b"] = 1, ["a"] = new JsonArray(1, 2) };
                set["raw"] = "{\"b\": 1,  \"a\": 2}";
                set["feeling"] = "happy";
                set["wait"] = new TimeSpan(2, 3, 4, 5, 6);
                set["address"] = "10.0.0.1/24";
            });

        Runner.MigrateUp(1);

        Db.Rows("SELECT tags::text, scores::text, doc::text, raw::text, feeling::text, wait::text, address::text FROM profiles").Single().ShouldBe(
        [
            "{\"a\\\"b\",NULL,\"c,d\",\"\"}", "{1,NULL,-3}", "{\"a\": [1, 2], \"b\": 1}", "{\"b\": 1,  \"a\": 2}", "happy",
            "2 days 03:04:05.006", "10.0.0.1/24",
        ]);
    }

    [SkippableTheory]
    [InlineData("feeling", "'happy'", "glad", "has the values 'sad', 'ok', 'happy'")]
    [InlineData("doc", "'{}'", "{not json", "not valid JSON")]
    [InlineData("scores", "'{}'", "element 1", "does not fit")]
    public void A_value_PostgreSQL_would_refuse_is_refused_before_the_first_write(string column, string initial, string value, string reason)
    {
        Db.Execute("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')");
        Db.Execute("CREATE TABLE profiles (id bigint PRIMARY KEY, scores integer[], doc jsonb, feeling mood)");
        Db.Execute($"INSERT INTO profiles (id, {column}) VALUES (1, {initial}), (2, {initial})");
        object? returned = value == "element 1" ? new object?[] { 1, "two" } : value;
        _scenario.InTransaction = m => m.Transform.Table("profiles").Column(column).Using(row => (long)row.Key.Value == 2 ? returned : null);

        var error = Should.Throw<TransformFailedException>(() => Runner.MigrateUp(1));

        error.Message.ShouldContain(reason);
        error.Message.ShouldContain("the row with key 2");
        Db.Scalar<long>($"SELECT COUNT({column}) FROM profiles").ShouldBe(2);
    }

    [SkippableFact]
    public void A_numeric_beyond_decimals_range_is_named_with_its_column_and_key_instead_of_a_driver_error()
    {
        Db.Execute("CREATE TABLE ledger (id bigint PRIMARY KEY, amount numeric, note text)");
        Db.Execute("INSERT INTO ledger VALUES (1, 1.5, NULL), (2, 1e40, NULL)");
        _scenario.InTransaction = m => m.Transform.Table("ledger").Column("note").Using(row => row.Get<decimal>("amount").ToString(System.Globalization.CultureInfo.InvariantCulture));

        var error = Should.Throw<TransformFailedException>(() => Runner.MigrateUp(1));

        error.Message.ShouldContain("column 'amount' (numeric)");
        error.Message.ShouldContain("UsingSql");
        error.Key!.Value.ShouldBe(2L);
        Db.Scalar<long>("SELECT COUNT(note) FROM ledger").ShouldBe(0);
    }

    [SkippableFact]
    public void A_decimal_with_more_digits_than_the_column_keeps_is_refused_instead_of_rounded()
    {
        Db.Execute("CREATE TABLE prices (id bigint PRIMARY KEY, amount numeric(10,2))");
        Db.Execute("INSERT INTO prices VALUES (1, 0)");
        _scenario.InTransaction = m => m.Transform.Table("prices").Column("amount").Using(_ => 1.005m);

        Should.Throw<TransformFailedException>(() => Runner.MigrateUp(1)).Message.ShouldContain("more than 2 digits after the point");
        Texts("SELECT amount::text FROM prices").Single().ShouldBe("0.00");
    }

    protected override void Dispose(bool disposing)
    {
        _stop.Dispose();
        base.Dispose(disposing);
    }
}
