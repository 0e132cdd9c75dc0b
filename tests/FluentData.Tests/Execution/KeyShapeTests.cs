using FluentData.Tests.Infrastructure;
using FluentData.Tests.Migrations.Shapes;
using Microsoft.Extensions.DependencyInjection;

namespace FluentData.Tests.Execution;

/// <summary>
/// Tables keyed by several columns, by a unique index instead of a primary key, or by nothing:
/// every path reads them in key order, resumes exactly, and names rows by their whole key.
/// </summary>
public abstract class KeyShapeTests<TDatabase>() : MigrationTests<TDatabase>("FluentData.Tests.Migrations.Shapes")
    where TDatabase : TestDatabase, new()
{
    private readonly ShapeScenario _scenario = new();
    private readonly StopAfterBatches _stop = new();

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton(_scenario);
        services.AddDataMigrations(o => o.ReportProgressTo(_stop));
    }

    /// <summary>A join table: 3 playlists of 10 tracks, listed with their track numbers in reverse.</summary>
    private void GivenPlaylistTracks()
    {
        Db.Execute("""
            CREATE TABLE playlist_track (
                playlist_id integer NOT NULL, track_id integer NOT NULL, note varchar(20), status varchar(10), visits integer NOT NULL DEFAULT 0,
                PRIMARY KEY (playlist_id, track_id))
            """);
        Db.Insert("playlist_track", ["playlist_id", "track_id", "status"],
            Enumerable.Range(0, 30).Select(i => new object?[] { (i % 3) + 1, 10 - (i / 3), i % 2 == 0 ? "A" : "B" }));
    }

    private List<object?[]> PlaylistTracks() =>
        Db.Rows("SELECT playlist_id, track_id, note, status, visits FROM playlist_track ORDER BY playlist_id, track_id");

    private static void Transform(DataMigration m, string path, int batchSize)
    {
        var table = m.Transform.Table("playlist_track");
        switch (path)
        {
            case "C#":
                table.Column("visits").Using(row => row.Get<int>("visits") + 1).InBatchesOf(batchSize);
                break;
            case "SQL":
                table.Column("visits").UsingSql("visits + 1").InBatchesOf(batchSize);
                break;
            default:
                table.Column("visits").Map(new Dictionary<object, object?> { [0] = 1 }).InBatchesOf(batchSize);
                break;
        }
    }

    [SkippableTheory]
    [InlineData("C#")]
    [InlineData("SQL")]
    [InlineData("Map")]
    public void A_table_with_a_composite_key_is_transformed_in_batches_on_every_path(string path)
    {
        GivenPlaylistTracks();
        _scenario.InTransaction = m => Transform(m, path, 7);

        var result = Runner.MigrateUp(1);

        PlaylistTracks().ShouldAllBe(r => Number(r[4]) == 1);
        result.Migrations.Single().Transforms.Single().Rows.ShouldBe(30);
    }

    [SkippableTheory]
    [InlineData("C#")]
    [InlineData("SQL")]
    [InlineData("Map")]
    public void An_interrupted_online_transform_on_a_composite_key_resumes_and_does_every_row_once(string path)
    {
        GivenPlaylistTracks();
        Runner.MigrateUp(1);
        _scenario.Online = m => Transform(m, path, 7);
        _stop.After = 2;

        Should.Throw<OperationCanceledException>(() => Runner.MigrateUp(_stop.Token));
        var kept = PlaylistTracks().Count(r => Number(r[4]) == 1);
        kept.ShouldBeInRange(7, 23);

        _stop.After = null;
        Runner.MigrateUp();

        PlaylistTracks().Select(r => Number(r[4])).ShouldAllBe(v => v == 1);
    }

    [SkippableFact]
    public void An_online_transform_whose_Reverse_would_not_give_a_row_back_is_refused_before_its_first_batch()
    {
        GivenPlaylistTracks();
        _scenario.OnlineReversible = m => m.Transform.Table("playlist_track").Column("visits")
            .Using(row => row.Get<int>("visits") + 1)
            .Reverse(row => row.Get<int>("playlist_id") == 3 && row.Get<int>("track_id") == 9 ? 7 : row.Get<int>("visits") - 1)
            .InBatchesOf(4);

        var error = Should.Throw<TransformFailedException>(() => Runner.MigrateUp());

        error.Message.ShouldContain("the row with key (playlist_id=3, track_id=9): its Reverse(...) does not give the row back");
        error.Message.ShouldContain("Nothing was written");
        PlaylistTracks().ShouldAllBe(r => Number(r[4]) == 0);
    }

    [SkippableFact]
    public void A_row_count_check_of_an_online_migration_keeps_its_count_across_a_failed_run()
    {
        GivenPlaylistTracks();
        Runner.MigrateUp(1);
        var fail = true;
        _scenario.Online = m =>
        {
            m.Transform.Table("playlist_track").Column("visits")
                .Using(row => fail && row.Get<int>("playlist_id") == 3 ? throw new InvalidOperationException("stop") : row.Get<int>("visits") + 1)
                .InBatchesOf(4);
            m.Verify.Table("playlist_track").RowCountIsUnchanged();
        };
        Should.Throw<TransformFailedException>(() => Runner.MigrateUp(2));
        Db.Execute("DELETE FROM playlist_track WHERE playlist_id = 1 AND track_id = 1");
        fail = false;

        var error = Should.Throw<VerificationFailedException>(() => Runner.MigrateUp(2));

        error.Message.ShouldContain("it had 30 rows when the migration started and has 29 now");
    }

    [SkippableFact]
    public void A_migration_in_a_transaction_with_checkpoints_an_online_run_of_it_left_is_refused()
    {
        GivenPlaylistTracks();
        _scenario.InTransaction = m => m.Transform.Table("playlist_track").Column("visits").UsingSql("visits + 1");
        Runner.ListMigrations();
        Db.Execute("""
            CREATE TABLE "FluentDataCheckpoints" ("version" bigint NOT NULL, "step" integer NOT NULL, "fingerprint" varchar(64) NOT NULL,
                "completed" integer NOT NULL, "last_key" varchar(400) NULL, "rows_done" bigint NOT NULL, "updated_at" varchar(40) NOT NULL,
                "state" text NULL, PRIMARY KEY ("version", "step"))
            """);
        Db.Execute("INSERT INTO \"FluentDataCheckpoints\" VALUES (1, 0, 'x', 0, '(1, 4)', 4, '2026-12-01', NULL)");

        var error = Should.Throw<CheckpointMismatchException>(() => Runner.MigrateUp(1));

        error.Message.ShouldContain("runs in a transaction now");
        error.Message.ShouldContain("DiscardCheckpoints(1)");
        PlaylistTracks().ShouldAllBe(r => Number(r[4]) == 0);
    }

    [SkippableFact]
    public void A_dry_run_reports_the_failure_that_stops_it_with_what_ran_before_and_changes_nothing()
    {
        GivenPlaylistTracks();
        _scenario.InTransaction = m => m.Transform.Table("playlist_track").Column("note").Using(_ => "ok");
        _scenario.Online = m => m.Transform.Table("playlist_track").Column("visits")
            .Using(row => row.Get<int>("playlist_id") == 2 && row.Get<int>("track_id") == 5 ? throw new InvalidOperationException("bad track") : 1);

        var result = Runner.DryRun();

        result.WouldSucceed.ShouldBeFalse();
        result.Completed.ShouldBe([1L]);
        result.Failure.ShouldNotBeNull();
        result.Failure.Key.ShouldBe(new RowKey(["playlist_id", "track_id"], [2L, 5L]));
        result.Failure.Migration.ShouldBe(new MigrationIdentity(nameof(ShapeOnline), 2));
        result.Failure.Message.ShouldContain("bad track");
        result.Transforms.Single().RowsChanged.ShouldBe(30);
        PlaylistTracks().ShouldAllBe(r => r[2] == null && Number(r[4]) == 0);
    }

    [SkippableFact]
    public void A_row_of_a_composite_key_is_named_by_its_whole_key()
    {
        GivenPlaylistTracks();
        _scenario.InTransaction = m => m.Transform.Table("playlist_track").Column("note")
            .Using(row => row.Get<int>("playlist_id") == 2 && row.Get<int>("track_id") == 5 ? throw new InvalidOperationException("bad track") : "ok")
            .InBatchesOf(4);

        var error = Should.Throw<TransformFailedException>(() => Runner.MigrateUp(1));

        error.Message.ShouldContain("the row with key (playlist_id=2, track_id=5)");
        error.Key.ShouldBe(new RowKey(["playlist_id", "track_id"], [2L, 5L]));
        error.Key!["track_id"].ShouldBe(5L);
        PlaylistTracks().ShouldAllBe(r => r[2] == null);
    }

    [SkippableFact]
    public void Several_target_columns_in_any_order_are_computed_once_per_row()
    {
        GivenPlaylistTracks();
        var calls = 0;
        _scenario.InTransaction = m => m.Transform.Table("playlist_track").Columns("status", "note")
            .Using((_, set) =>
            {
                var call = Interlocked.Increment(ref calls).ToString(System.Globalization.CultureInfo.InvariantCulture);
                set["note"] = call;
                set["status"] = call;
            })
            .InBatchesOf(7);

        Runner.MigrateUp(1);

        calls.ShouldBe(30);
        PlaylistTracks().ShouldAllBe(r => Equals(r[2], r[3]));
        PlaylistTracks().Select(r => r[2]).Distinct().Count().ShouldBe(30);
    }

    [SkippableFact]
    public void A_table_without_a_primary_key_is_read_by_a_unique_index_over_not_null_columns()
    {
        Db.Execute("CREATE TABLE legacy_codes (code varchar(10) NOT NULL, region varchar(10) NOT NULL, label varchar(50), alias varchar(10) UNIQUE)");
        Db.Execute("CREATE UNIQUE INDEX ux_legacy_codes ON legacy_codes (region, code)");
        Db.Insert("legacy_codes", ["code", "region"], Enumerable.Range(1, 12).Select(i => new object?[] { $"C{i:00}", i % 2 == 0 ? "east" : "west" }));
        _scenario.InTransaction = m => m.Transform.Table("legacy_codes").Column("label")
            .Using(row => $"{row["region"]}/{row["code"]}/{row.Key}").InBatchesOf(5);

        Runner.MigrateUp(1);

        Db.Rows("SELECT label FROM legacy_codes WHERE code = 'C04'").Single()[0].ShouldBe("east/C04/(region=east, code=C04)");
        Db.Scalar<long>("SELECT COUNT(*) FROM legacy_codes WHERE label IS NULL").ShouldBe(0);
    }

    [SkippableFact]
    public void A_table_with_neither_a_primary_key_nor_a_usable_unique_index_is_refused_and_untouched()
    {
        Db.Execute("CREATE TABLE loose (code varchar(10) UNIQUE, label varchar(20))");
        Db.Insert("loose", ["code"], [["a"], ["b"]]);
        _scenario.InTransaction = m => m.Transform.Table("loose").Column("label").Using(_ => "x");

        var error = Should.Throw<TableSchemaException>(() => Runner.MigrateUp(1));

        error.Message.ShouldContain("no primary key and no unique index over NOT NULL columns");
        Db.Scalar<long>("SELECT COUNT(label) FROM loose").ShouldBe(0);
    }

    [SkippableFact]
    public void Verify_works_on_a_composite_key_and_names_the_whole_keys_and_on_a_table_without_any_key()
    {
        GivenPlaylistTracks();
        Db.Execute("CREATE TABLE audit_log (line varchar(50))");
        Db.Insert("audit_log", ["line"], [["x"], [null]]);
        _scenario.InTransaction = m =>
        {
            m.Verify.Table("audit_log").Column("line").HasNoNulls();
            m.Verify.Table("playlist_track").HasNoRows("track_id = 3");
        };

        var checks = Runner.DryRun().Verifications;
        checks[0].Passed.ShouldBeFalse();
        checks[0].OffendingRows.ShouldBe(1);
        checks[0].SampleKeys.ShouldBeEmpty();
        checks[1].SampleKeys.Select(k => k.ToString()).ShouldBe(["(playlist_id=1, track_id=3)", "(playlist_id=2, track_id=3)", "(playlist_id=3, track_id=3)"]);
    }

    private static int Number(object? value) => Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);

    protected override void Dispose(bool disposing)
    {
        _stop.Dispose();
        base.Dispose(disposing);
    }
}

public sealed class SqliteKeyShapeTests : KeyShapeTests<SqliteTestDatabase>;

public sealed class PostgresKeyShapeTests : KeyShapeTests<PostgresTestDatabase>;
