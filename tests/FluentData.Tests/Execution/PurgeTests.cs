using FluentData.Tests.Infrastructure;
using FluentMigrator.Runner.Exceptions;

namespace FluentData.Tests.Execution;

/// <summary>
/// <c>Purge.Table(t).Where(...)</c>: rows deleted in batches by key range — atomic in a
/// transaction, resumable online, counted in results, plans and dry runs, never reversed.
/// </summary>
public abstract class PurgeTests<TDatabase> : ShapeMigrationTests<TDatabase>
    where TDatabase : TestDatabase, new()
{
    private const int Rows = 1_000;

    /// <summary>1,000 sessions whose <c>last_seen</c> is scattered over the keys: 300 of them below 300.</summary>
    private void GivenSessions()
    {
        Db.Execute("CREATE TABLE sessions (id integer PRIMARY KEY, last_seen integer NOT NULL, note varchar(20))");
        Db.Insert("sessions", ["id", "last_seen"], Enumerable.Range(1, Rows).Select(i => new object?[] { i, i * 7 % Rows }));
    }

    private long Count(string where) => Db.Scalar<long>($"SELECT COUNT(*) FROM sessions WHERE {where}");

    [SkippableFact]
    public void A_purge_deletes_the_rows_its_Where_selects_in_batches_and_reports_them()
    {
        GivenSessions();
        Scenario.InTransaction = m => m.Purge.Table("sessions").Where("last_seen < 300").InBatchesOf(50);

        var purge = Runner.MigrateUp(1).Migrations.Single().Purges.Single();

        (purge.RowsDeleted, purge.Filter).ShouldBe((300L, "last_seen < 300"));
        purge.Batches.ShouldBeInRange(6, 20);
        Count("1 = 1").ShouldBe(700);
        Count("last_seen < 300").ShouldBe(0);
        Progress.Reports[^1].ShouldSatisfyAllConditions(
            p => p.Completed.ShouldBeTrue(),
            p => p.RowsDone.ShouldBe(300),
            p => p.Columns.ShouldBeEmpty(),
            p => p.Kind.ShouldBe("purge"),
            p => p.ToString().ShouldContain("300 of 300 rows deleted"));
    }

    [SkippableFact]
    public void A_purge_that_names_no_rows_is_refused_before_anything_runs_and_AllRows_says_so()
    {
        GivenSessions();
        Scenario.InTransaction = m =>
        {
            m.Execute.Sql("UPDATE sessions SET note = 'touched'");
            m.Purge.Table("sessions");
        };

        Should.Throw<InvalidMigrationException>(() => Runner.MigrateUp(1)).Message
            .ShouldContain("Purge of 'sessions' in ShapeInTransaction (1) names no rows: call .Where(\"...\") for the rows to delete, or .AllRows() to delete every row.");
        Count("note IS NULL").ShouldBe(Rows);

        Scenario.InTransaction = m => m.Purge.Table("sessions").AllRows().InBatchesOf(300);
        Runner.MigrateUp(1).Migrations.Single().RowsDeleted.ShouldBe(Rows);
        Count("1 = 1").ShouldBe(0);
    }

    [SkippableFact]
    public void A_transactional_purge_that_the_database_refuses_deletes_nothing_and_names_the_rows()
    {
        GivenSessions();
        Db.Execute("CREATE TABLE tokens (id integer PRIMARY KEY, session_id integer NOT NULL REFERENCES sessions (id))");
        Db.Execute("INSERT INTO tokens VALUES (1, 580)");
        Scenario.InTransaction = m => m.Purge.Table("sessions").Where("last_seen < 300").InBatchesOf(50);

        var error = Should.Throw<DataMigrationException>(() => Runner.MigrateUp(1));

        error.Message.ShouldContain("Purge of 'sessions' in ShapeInTransaction (1) failed on the rows after key");
        error.Message.ShouldContain("The migration's transaction is rolled back: no row is deleted.");
        (error.Migration!.Name, error.Table).ShouldBe(("ShapeInTransaction", "sessions"));
        Count("1 = 1").ShouldBe(Rows);
    }

    [SkippableFact]
    public void An_online_purge_cancelled_part_way_keeps_its_batches_and_the_rerun_deletes_the_rest()
    {
        GivenSessions();
        Scenario.Online = m => m.Purge.Table("sessions").Where("last_seen < 300").InBatchesOf(50);
        Stop.After = 2;

        Should.Throw<OperationCanceledException>(() => Runner.MigrateUp(2, Stop.Token));
        var left = Count("last_seen < 300");
        left.ShouldBeInRange(1, 299);

        Stop.After = null;
        var step = Runner.Plan().Migrations.Single(m => m.Version == 2).Steps.Single(s => s.Kind == "purge");
        step.Rows.ShouldBe(left);
        step.Note.ShouldNotBeNull().ShouldContain($"{300 - left} rows deleted in an earlier run");
        Runner.DryRun().Purges.Single().RowsDeleted.ShouldBe(300);
        Count("last_seen < 300").ShouldBe(left);

        var purge = Runner.MigrateUp(2).Migrations.Single().Purges.Single();

        purge.RowsDeleted.ShouldBe(300);
        Count("last_seen < 300").ShouldBe(0);
        Count("1 = 1").ShouldBe(700);
        Db.CheckpointRows().ShouldBe(0);
    }

    [SkippableFact]
    public void A_resumed_purge_reports_progress_against_every_row_it_deletes_not_only_those_left()
    {
        GivenSessions();
        Scenario.Online = m => m.Purge.Table("sessions").Where("last_seen < 300").InBatchesOf(50);
        Stop.After = 2;
        Should.Throw<OperationCanceledException>(() => Runner.MigrateUp(2, Stop.Token));
        Stop.After = null;
        var before = Progress.Reports.Count;

        Runner.MigrateUp(2);

        var resumed = Progress.Reports.Skip(before).ToList();
        resumed.ShouldAllBe(p => p.RowsExpected == 300 && p.RowsDone <= 300);
        resumed[^1].ShouldSatisfyAllConditions(p => p.Completed.ShouldBeTrue(), p => p.RowsDone.ShouldBe(300), p => p.Fraction.ShouldBe(1.0));
    }

    [SkippableFact]
    public void A_generated_Down_cannot_bring_deleted_rows_back_so_the_migration_is_refused_before_Up()
    {
        GivenSessions();
        Scenario.OnlineReversible = m => m.Purge.Table("sessions").Where("last_seen < 300");

        var error = Should.Throw<DataMigrationException>(() => Runner.MigrateUp(3));

        error.Message.ShouldContain("Purge of 'sessions' in ShapeOnlineReversible (3) cannot be reversed: the rows it deletes are gone. Nothing was changed.");
        Count("1 = 1").ShouldBe(Rows);
    }

    [SkippableFact]
    public void No_batch_holds_more_than_its_size_when_sparse_keys_are_followed_by_dense_ones()
    {
        Db.Execute("CREATE TABLE sessions (id integer PRIMARY KEY, last_seen integer NOT NULL, note varchar(20))");
        Db.Insert("sessions", ["id", "last_seen"], Enumerable.Range(1, 200).Select(i => new object?[] { i * 1000, 0 }).Concat(
            Enumerable.Range(300_001, 3_000).Select(i => new object?[] { i, 0 })));
        Scenario.Online = m => m.Purge.Table("sessions").AllRows().InBatchesOf(100);

        Runner.MigrateUp(2).Migrations.Single(x => x.Version == 2).RowsDeleted.ShouldBe(3_200);

        var done = Progress.Reports.Where(p => !p.Completed).Select(p => p.RowsDone).Prepend(0).ToList();
        done.Zip(done.Skip(1), (before, after) => after - before).Max().ShouldBeLessThanOrEqualTo(100);
        Count("1 = 1").ShouldBe(0);
    }

    [SkippableFact]
    public void An_interrupted_purge_resumes_with_another_batch_size_and_its_plan_survives_a_count_that_fails()
    {
        GivenSessions();
        var size = 50;
        Scenario.Online = m =>
        {
            m.Alter.Table("sessions").AddColumn("flag").AsInt32().Nullable();
            m.Purge.Table("sessions").Where("flag = 1");
            m.Purge.Table("sessions").Where("last_seen < 300").InBatchesOf(size);
        };
        var plan = Runner.Plan().Migrations.Single(x => x.Version == 2).Steps.Where(s => s.Kind == "purge").ToList();
        plan[0].Note.ShouldNotBeNull().ShouldStartWith("rows not counted");
        plan[1].Rows.ShouldBe(300);

        Stop.After = 2;
        Should.Throw<OperationCanceledException>(() => Runner.MigrateUp(2, Stop.Token));
        Stop.After = null;
        size = 20;
        Runner.MigrateUp(2);

        Count("last_seen < 300").ShouldBe(0);
        Count("1 = 1").ShouldBe(700);
    }

    [SkippableTheory]
    [InlineData("code varchar(10) NOT NULL PRIMARY KEY, n integer NOT NULL")]
    [InlineData("code varchar(10) NOT NULL, n integer NOT NULL, PRIMARY KEY (n, code)")]
    public void Text_and_composite_keys_are_purged_by_range_exactly(string columns)
    {
        Db.Execute($"CREATE TABLE codes ({columns})");
        Db.Insert("codes", ["code", "n"], Enumerable.Range(1, 100).Select(i => new object?[] { $"c{i:x}", i % 10 }));
        Scenario.InTransaction = m => m.Purge.Table("codes").Where("n < 3").InBatchesOf(7);

        Runner.MigrateUp(1).Migrations.Single().RowsDeleted.ShouldBe(30);

        Db.Scalar<long>("SELECT COUNT(*) FROM codes WHERE n < 3").ShouldBe(0);
        Db.Scalar<long>("SELECT COUNT(*) FROM codes").ShouldBe(70);
    }

    private void GivenAnArchive(string columns = "id integer PRIMARY KEY, last_seen integer NOT NULL, note varchar(20)") =>
        Db.Execute($"CREATE TABLE sessions_archive ({columns})");

    private List<object?[]> Dump(string table) => Db.Rows($"SELECT id, last_seen, note FROM {table} ORDER BY id");

    [SkippableFact]
    public void ArchiveTo_moves_the_rows_it_purges_into_the_archive_as_they_were()
    {
        GivenSessions();
        Db.Execute("UPDATE sessions SET note = 'n' || id WHERE id % 3 = 0");
        GivenAnArchive();
        var before = Dump("sessions");
        Scenario.Online = m => m.Purge.Table("sessions").Where("last_seen < 300").ArchiveTo("sessions_archive").InBatchesOf(40);

        Runner.MigrateUp(2).Migrations.Single(x => x.Version == 2).RowsDeleted.ShouldBe(300);

        Dump("sessions_archive").Concat(Dump("sessions")).OrderBy(r => Convert.ToInt64(r[0], System.Globalization.CultureInfo.InvariantCulture))
            .ShouldBe(before);
        Db.Scalar<long>("SELECT COUNT(*) FROM sessions_archive WHERE last_seen >= 300").ShouldBe(0);
    }

    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_row_the_archive_does_not_take_is_not_deleted_either(bool online)
    {
        GivenSessions();
        GivenAnArchive();
        if (Db.Engine == "PostgreSQL")
        {
            Db.Execute("CREATE FUNCTION skip_21() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.id = 21 THEN RETURN NULL; END IF; RETURN NEW; END $$");
            Db.Execute("CREATE TRIGGER skip_21 BEFORE INSERT ON sessions_archive FOR EACH ROW EXECUTE FUNCTION skip_21()");
        }
        else
        {
            Db.Execute("CREATE TRIGGER skip_21 BEFORE INSERT ON sessions_archive WHEN NEW.id = 21 BEGIN SELECT RAISE(IGNORE); END");
        }

        Action<DataMigration> purge = m => m.Purge.Table("sessions").Where("last_seen < 300").ArchiveTo("sessions_archive").InBatchesOf(40);
        if (online)
            Scenario.Online = purge;
        else
            Scenario.InTransaction = purge;

        Should.Throw<DataMigrationException>(() => Runner.MigrateUp(online ? 2 : 1)).Message.ShouldContain("rows of a batch into 'sessions_archive' but deleted");

        // Every row is in the table or the archive: none lost.
        (Count("1 = 1") + Db.Scalar<long>("SELECT COUNT(*) FROM sessions_archive")).ShouldBe(Rows);
        Count("id = 21").ShouldBe(1);
        if (!online)
            Count("1 = 1").ShouldBe(Rows);
    }

    [SkippableFact]
    public void An_archived_purge_is_undone_by_its_generated_Down_exactly()
    {
        GivenSessions();
        GivenAnArchive();
        var before = Dump("sessions");
        Scenario.OnlineReversible = m => m.Purge.Table("sessions").Where("last_seen < 300").ArchiveTo("sessions_archive").InBatchesOf(40);

        Runner.MigrateUp(3);
        Count("1 = 1").ShouldBe(700);
        Runner.MigrateDown(2);

        Dump("sessions").ShouldBe(before);
        Db.Scalar<long>("SELECT COUNT(*) FROM sessions_archive").ShouldBe(0);
    }

    [SkippableFact]
    public void An_archive_that_cannot_give_every_row_back_is_refused_before_anything_moves()
    {
        GivenSessions();
        GivenAnArchive();
        Db.Execute("INSERT INTO sessions_archive VALUES (5000, 1, 'older')");
        Scenario.OnlineReversible = m => m.Purge.Table("sessions").Where("last_seen < 300").ArchiveTo("sessions_archive");

        Should.Throw<DataMigrationException>(() => Runner.MigrateUp(3)).Message
            .ShouldContain("which already holds 1 rows; the generated Down() moves every row of it back, so it must be empty when Up() starts. Nothing was changed.");
        Count("1 = 1").ShouldBe(Rows);

        Db.Execute("DROP TABLE sessions_archive");
        GivenAnArchive("id integer PRIMARY KEY, last_seen integer NOT NULL");
        Should.Throw<DataMigrationException>(() => Runner.MigrateUp(3)).Message.ShouldContain("which has no column 'note'; it needs every column of the table");
        Count("1 = 1").ShouldBe(Rows);
    }

    [SkippableFact]
    public void A_Where_the_database_cannot_run_is_named_with_the_purge()
    {
        GivenSessions();
        Scenario.InTransaction = m => m.Purge.Table("sessions").Where("no_such_column < 300");

        var error = Should.Throw<DataMigrationException>(() => Runner.MigrateUp(1));

        error.Message.ShouldContain("Purge of 'sessions' in ShapeInTransaction (1) could not read the table");
        error.Message.ShouldContain("Check the filter Where(\"no_such_column < 300\")");
        Count("1 = 1").ShouldBe(Rows);
    }
}

public sealed class SqlitePurgeTests : PurgeTests<SqliteTestDatabase>;

public sealed class PostgresPurgeTests : PurgeTests<PostgresTestDatabase>;
