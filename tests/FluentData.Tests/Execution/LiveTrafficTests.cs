using System.Data.Common;
using FluentData.Tests.Infrastructure;
using FluentData.Tests.Migrations.Shapes;
using Microsoft.Extensions.DependencyInjection;

namespace FluentData.Tests.Execution;

/// <summary>
/// The expand/contract deploy: the new version of the application already writes
/// <c>first_name</c> and <c>full_name</c> together, while a migration backfills <c>full_name</c>
/// for every row. Whatever the application writes while the transform runs, no row ends up
/// with a full name computed from a first name it no longer has.
/// </summary>
public abstract class LiveTrafficTests<TDatabase>() : MigrationTests<TDatabase>("FluentData.Tests.Migrations.Shapes")
    where TDatabase : TestDatabase, new()
{
    protected ShapeScenario Scenario { get; } = new();
    private readonly ProgressLog _progress = new();

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton(Scenario);
        services.AddDataMigrations(o => o.ReportProgressTo(_progress));
    }


    /// <summary>Whether the application's write completes while the transform's statement runs (PostgreSQL), or waits for it (SQLite's in-process write lock).</summary>
    protected abstract bool AppWriteCompletesDuringTheTransform(bool online);

    /// <summary>Rows the transform reads again because the application changed them in between: PostgreSQL; none where the read and the write are one statement.</summary>
    protected abstract bool RedoesRowsChangedUnderIt(bool online);

    /// <summary>A table with so many columns that SQLite's in-database function cannot take them all and rows travel as on the other databases.</summary>
    protected virtual int ExtraColumns => 0;

    protected const int People = 300;

    protected void GivenPeople()
    {
        var extra = string.Concat(Enumerable.Range(0, ExtraColumns).Select(i => $", x{i} integer"));
        Db.Execute($"CREATE TABLE people (id integer PRIMARY KEY, first_name varchar(40) NOT NULL, last_name varchar(40) NOT NULL, full_name varchar(90){extra})");
        Db.Insert("people", ["id", "first_name", "last_name"], Enumerable.Range(1, People).Select(i => new object?[] { i, $"First{i}", $"Last{i}" }));
    }

    /// <summary>The application's write: a rename, with the derived column, in autocommit on its own connection.</summary>
    protected void AppRenames(int id, string firstName)
    {
        using var connection = Db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE people SET first_name = @f, full_name = @f || ' ' || last_name WHERE id = @id";
        Add(command, "@f", firstName);
        Add(command, "@id", id);
        command.ExecuteNonQuery();
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    protected void ThenEveryFullNameMatchesItsFirstName()
    {
        var stale = Db.Rows("SELECT id, first_name, full_name FROM people ORDER BY id")
            .Where(r => (string?)r[2] != $"{r[1]} Last{Convert.ToInt32(r[0], System.Globalization.CultureInfo.InvariantCulture)}")
            .Select(r => $"{r[0]}: {r[1]} / {r[2]}")
            .ToList();
        stale.ShouldBeEmpty();
    }

    protected static Func<IDataRow, object?> FullName(Action<IDataRow> alsoWhileComputing) => row =>
    {
        alsoWhileComputing(row);
        return $"{row.Get<string>("first_name")} {row.Get<string>("last_name")}";
    };

    [SkippableTheory]
    [InlineData("online")]
    [InlineData("in a transaction")]
    [InlineData("dry run")]
    public void A_row_the_application_renames_between_the_transforms_read_and_its_write_keeps_the_applications_name(string run)
    {
        GivenPeople();
        var online = run == "online";
        var renamed = new HashSet<int>();
        var pending = new List<Task>();

        // While computing row 3, 13, 23... the application renames the row after it, which the
        // transform has read (same batch, or the batch read ahead) but not written yet.
        void RenameTheNextRow(IDataRow row)
        {
            var id = row.Get<int>("id");
            if (id % 10 != 3 || !renamed.Add(id + 1))
                return;
            var write = Task.Run(() => AppRenames(id + 1, $"Renamed{id + 1}"));
            if (AppWriteCompletesDuringTheTransform(online))
                write.Wait();
            else
                pending.Add(write);
        }

        var transform = (Action<DataMigration>)(m => m.Transform.Table("people").Column("full_name").Using(FullName(RenameTheNextRow)).InBatchesOf(10));
        if (online)
            Scenario.Online = transform;
        else
            Scenario.InTransaction = transform;

        var (rows, changed, redone) = run == "dry run"
            ? Runner.DryRun().Transforms.Single() is var dry ? (dry.Rows, dry.RowsChanged, dry.RowsRedone) : default
            : Runner.MigrateUp(online ? 2 : 1).Migrations.Single(m => m.Transforms.Count > 0).Transforms.Single() is var done ? (done.Rows, done.RowsChanged, done.RowsRedone) : default;
        Task.WaitAll([.. pending], TimeSpan.FromSeconds(30)).ShouldBeTrue();

        Db.Scalar<long>("SELECT COUNT(*) FROM people WHERE first_name LIKE 'Renamed%'").ShouldBe(renamed.Count);
        if (run == "dry run")
            Db.Scalar<long>("SELECT COUNT(*) FROM people WHERE full_name IS NOT NULL").ShouldBe(renamed.Count);
        else
            ThenEveryFullNameMatchesItsFirstName();
        // A row read again holds the full name the application wrote with its new first name:
        // the transform's value is the same, so the row is not changed (nor written) a second time.
        var redoes = RedoesRowsChangedUnderIt(online);
        (rows, changed, redone).ShouldBe((People, redoes ? People - renamed.Count : People, redoes ? renamed.Count : 0));
        _progress.Reports[^1].RowsRedone.ShouldBe(redone);
    }

    [SkippableFact]
    public void A_row_the_application_takes_out_of_the_transforms_Where_or_deletes_in_between_is_left_alone()
    {
        Skip.IfNot(RedoesRowsChangedUnderIt(online: true), "the read and the write are one statement");
        GivenPeople();

        // While computing row 3, the application backfills row 4 itself, and deletes row 5.
        void MeanwhileTheApplication(IDataRow row)
        {
            if (row.Get<int>("id") != 3)
                return;
            AppRenames(4, "Renamed4");
            using var connection = Db.Open();
            using var delete = connection.CreateCommand();
            delete.CommandText = "DELETE FROM people WHERE id = 5";
            delete.ExecuteNonQuery();
        }

        Scenario.Online = m => m.Transform.Table("people").Column("full_name")
            .Using(FullName(MeanwhileTheApplication)).Where("full_name IS NULL").InBatchesOf(10);

        var result = Runner.MigrateUp(2).Migrations.Single(m => m.Transforms.Count > 0).Transforms.Single();

        ThenEveryFullNameMatchesItsFirstName();
        Db.Scalar<long>("SELECT COUNT(*) FROM people").ShouldBe(People - 1);
        (result.Rows, result.RowsChanged, result.RowsRedone).ShouldBe((People, People - 2, 0));
    }

    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public void An_application_renaming_people_all_along_loses_no_rename(bool online)
    {
        GivenPeople();
        using var stop = new CancellationTokenSource();
        var renames = 0;

        // Each person renamed once, in random order, all through the transform: a rename the
        // transform overwrote would not be repaired by a later one.
        var app = Task.Run(() =>
        {
            foreach (var id in Enumerable.Range(1, People).OrderBy(_ => Random.Shared.Next()))
            {
                if (stop.IsCancellationRequested)
                    return;
                AppRenames(id, $"App{id}");
                Interlocked.Increment(ref renames);
                Thread.Sleep(1);
            }
        });

        // A function slow enough that the application writes many times during one transform.
        var transform = (Action<DataMigration>)(m => m.Transform.Table("people").Column("full_name")
            .Using(FullName(_ => Thread.Sleep(1))).InBatchesOf(20));
        if (online)
            Scenario.Online = transform;
        else
            Scenario.InTransaction = transform;

        while (Volatile.Read(ref renames) == 0)
            Thread.Sleep(1);
        Runner.MigrateUp(online ? 2 : 1);
        stop.Cancel();
        app.Wait(TimeSpan.FromSeconds(30)).ShouldBeTrue();

        renames.ShouldBeGreaterThan(0);
        ThenEveryFullNameMatchesItsFirstName();
    }
}

public sealed class PostgresLiveTrafficTests : LiveTrafficTests<PostgresTestDatabase>
{
    protected override bool AppWriteCompletesDuringTheTransform(bool online) => true;

    protected override bool RedoesRowsChangedUnderIt(bool online) => true;

    [SkippableFact]
    public void A_row_that_changes_every_time_it_is_read_again_stops_the_transform_after_ten_tries_naming_it()
    {
        GivenPeople();
        var renames = 0;

        // Each time the transform computes row 4, an application still on the old version
        // renames it once more, without its full name.
        void RenameThisRow(IDataRow row)
        {
            if (row.Get<int>("id") != 4)
                return;
            using var connection = Db.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"UPDATE people SET first_name = 'Renamed{++renames}' WHERE id = 4";
            command.ExecuteNonQuery();
        }

        Scenario.Online = m => m.Transform.Table("people").Column("full_name").Using(FullName(RenameThisRow)).InBatchesOf(10);

        var error = Should.Throw<TransformFailedException>(() => Runner.MigrateUp(2));

        error.Message.ShouldContain("changed 1 rows of");
        error.Message.ShouldContain("every time they were read again, 10 times over");
        Convert.ToInt32(error.Key!.Value, System.Globalization.CultureInfo.InvariantCulture).ShouldBe(4);
        renames.ShouldBe(11);
        Db.Scalar<long>("SELECT COUNT(*) FROM people WHERE full_name IS NOT NULL").ShouldBe(0);
    }

    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_row_the_application_moves_to_another_partition_while_the_batch_waits_for_it_is_tried_again_online_and_named_in_a_transaction(bool online)
    {
        Db.Execute("CREATE TABLE events (id integer NOT NULL, region integer NOT NULL, body text NOT NULL, title text, PRIMARY KEY (id, region)) PARTITION BY LIST (region)");
        Db.Execute("CREATE TABLE events_1 PARTITION OF events FOR VALUES IN (1); CREATE TABLE events_2 PARTITION OF events FOR VALUES IN (2)");
        Db.Execute("INSERT INTO events (id, region, body) SELECT i, 1, 'event ' || i FROM generate_series(1, 40) i");
        using var moved = new ManualResetEventSlim();
        Task? app = null;

        // While computing row 10, the application moves row 20 to region 2 in a transaction it
        // holds for a while: the next batch's UPDATE waits for the row, which is then elsewhere.
        object? Title(IDataRow row)
        {
            if (row.Get<int>("id") == 10 && app is null)
            {
                app = Task.Run(() =>
                {
                    using var connection = Db.Open();
                    using var transaction = connection.BeginTransaction();
                    using var move = connection.CreateCommand();
                    move.Transaction = transaction;
                    move.CommandText = "UPDATE events SET region = 2 WHERE id = 20";
                    move.ExecuteNonQuery();
                    moved.Set();
                    Thread.Sleep(1500);
                    transaction.Commit();
                });
                moved.Wait(TimeSpan.FromSeconds(10)).ShouldBeTrue();
            }

            return row.Get<string>("body")!.ToUpperInvariant();
        }

        var transform = (Action<DataMigration>)(m => m.Transform.Table("events").Column("title").Using(Title).InBatchesOf(10));
        if (online)
        {
            Scenario.Online = transform;
            Runner.MigrateUp(2);
            // The moved row has a new key, (20, 2): a row the application inserts where the
            // transform has already read is the application's to write, like any new row.
            Db.Scalar<long>("SELECT COUNT(*) FROM events WHERE id <> 20 AND title IS DISTINCT FROM upper(body)").ShouldBe(0);
            Db.Scalar<long>("SELECT COUNT(*) FROM events_2 WHERE id = 20").ShouldBe(1);
            Db.Scalar<long>("SELECT COUNT(*) FROM events").ShouldBe(40);
        }
        else
        {
            Scenario.InTransaction = transform;
            var error = Should.Throw<TransformFailedException>(() => Runner.MigrateUp(1));
            error.Message.ShouldContain("another session's concurrent write conflicted with the batch of keys");
            error.InnerException.ShouldBeOfType<Npgsql.PostgresException>().SqlState.ShouldBe("40001");
            Db.Scalar<long>("SELECT COUNT(*) FROM events WHERE title IS NOT NULL").ShouldBe(0);
        }

        app!.Wait(TimeSpan.FromSeconds(10)).ShouldBeTrue();
    }

    [SkippableFact]
    public void A_transform_after_a_savepoint_whose_rows_cannot_be_told_apart_stops_instead_of_transforming_a_row_twice()
    {
        GivenPeople();
        Scenario.InTransaction = m =>
        {
            m.Execute.Sql("SAVEPOINT before_backfill");
            m.Transform.Table("people").Column("full_name").Using(FullName(row =>
            {
                if (row.Get<int>("id") == 3)
                    AppRenames(4, "Renamed4");
            })).InBatchesOf(10);
        };

        var error = Should.Throw<TransformFailedException>(() => Runner.MigrateUp(1));

        error.Message.ShouldContain("SAVEPOINT");
        Db.Scalar<long>("SELECT COUNT(*) FROM people WHERE full_name IS NOT NULL").ShouldBe(1);
    }
}

/// <summary>SQLite's in-database function reads, computes and writes each row in one UPDATE: the application's write waits for it.</summary>
public sealed class SqliteLiveTrafficTests : LiveTrafficTests<SqliteTestDatabase>
{
    protected override bool AppWriteCompletesDuringTheTransform(bool online) => false;

    protected override bool RedoesRowsChangedUnderIt(bool online) => false;
}

/// <summary>
/// A table too wide for SQLite's in-database function: rows are read, computed in C# and written
/// in separate statements, as on PostgreSQL and SQL Server, and the write compares the values read.
/// In the migration's transaction the application's write waits for the commit.
/// </summary>
public sealed class SqliteWideTableLiveTrafficTests : LiveTrafficTests<SqliteTestDatabase>
{
    protected override int ExtraColumns => 120;

    protected override bool AppWriteCompletesDuringTheTransform(bool online) => online;

    protected override bool RedoesRowsChangedUnderIt(bool online) => online;
}
