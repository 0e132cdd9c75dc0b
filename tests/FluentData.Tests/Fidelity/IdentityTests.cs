using FluentData.Tests.Infrastructure;

namespace FluentData.Tests.Fidelity;

/// <summary>
/// Fidelity: a transform that writes every value back as it read it changes nothing, and a copy
/// of every value into a table of the same types copies it exactly, for every column type, on
/// every path (C# Using, UsingSql, several columns at once; a copy's SQL columns and C# mapping),
/// in a transaction and online. "Exactly" is judged by the database itself: the text it renders
/// for every column of every row before and after (and on SQLite the storage class too).
/// </summary>
public abstract class IdentityTests<TDatabase>() : FidelityTests<TDatabase>
    where TDatabase : TestDatabase, new()
{
    private const string Table = "fidelity";

    private const string CopyTable = "fidelity_copy";

    // Small batches, so every path runs several of them and carries values across batches.
    private const int BatchSize = 3;

    private const int MinimumRows = 10;

    private static readonly string[] Columns = ["v", "w"];

    /// <summary>
    /// A table with a key, a column <c>v</c> of the type holding each value once (NULL included),
    /// and a column <c>w</c> of the type holding the same values in another order.
    /// </summary>
    protected void LeavesEveryValueAsItWas(ColumnCase column)
    {
        CreateSchema([
            .. column.Setup ?? [],
            $"CREATE TABLE {Table} (id integer PRIMARY KEY, v {column.Declaration}, w {column.Declaration})",
            $"CREATE TABLE {CopyTable} (id integer PRIMARY KEY, v {column.Declaration}, w {column.Declaration})",
        ]);
        var failures = new List<string>();

        foreach (var (version, mode) in new[] { (InTransaction, "in a transaction"), (Online, "online") })
        {
            Identity(failures, column, version, $"{mode}, Using(row => row[\"v\"])",
                m => m.Transform.Table(Table).Column("v").Using(row => row["v"]).InBatchesOf(BatchSize));
            Identity(failures, column, version, $"{mode}, UsingSql(\"\\\"v\\\"\")",
                m => m.Transform.Table(Table).Column("v").UsingSql(Quote("v")).InBatchesOf(BatchSize));
            Identity(failures, column, version, $"{mode}, Columns(\"v\", \"w\").Using((row, set) => set[c] = row[c])",
                m => m.Transform.Table(Table).Columns(Columns).Using((row, set) =>
                {
                    foreach (var c in Columns)
                        set[c] = row[c];
                }).InBatchesOf(BatchSize));
            Copied(failures, column, version, $"{mode}, Copy.Rows...Columns((\"v\", \"v\"), (\"w\", \"w\"))",
                m => m.Copy.Rows.From(Table).To(CopyTable).Columns(("id", "id"), ("v", Quote("v")), ("w", Quote("w"))).InBatchesOf(BatchSize));
            Copied(failures, column, version, $"{mode}, Copy.Rows...Using(row => new {{ id, v, w }})",
                m => m.Copy.Rows.From(Table).To(CopyTable).Using(row => new { id = row["id"], v = row["v"], w = row["w"] }).InBatchesOf(BatchSize));
            Typed(failures, column, version, $"{mode}, Using<Pair<T>>(p => swap p.V and p.W)");
            Seeded(failures, column, version, $"{mode}, Seed...Rows(the rows as read) into an empty table", overOtherValues: false);
            Seeded(failures, column, version, $"{mode}, Seed...Rows(the rows as read) over rows holding other values", overOtherValues: true);
        }

        failures.ShouldBeEmpty();
    }

    /// <summary>A copy into a table of the same types holds every value as the source does, or is refused clearly with nothing copied in a transaction.</summary>
    private void Copied(List<string> failures, ColumnCase column, long version, string path, Action<DataMigration> up) =>
        RunPath(failures, path, version == Online, () =>
        {
            Seed(column);
            Db.Execute($"DELETE FROM {CopyTable}");
            var before = Snapshot();
            var refused = Migrate(version, up);
            var findings = refused is null ? Differences(before, Snapshot(CopyTable)) : [];
            findings.AddRange(Differences(before, Snapshot()).Select(d => $"the source changed: {d}"));
            if (refused is null && !IsApplied(version))
                findings.Add("the migration ran without an error but is not recorded as applied");
            else if (refused is not null && !((column.Refusable || column.CopyRefusable) && refused is DataMigrationException { Column: "v" or "w", Key: not null }))
                findings.Add($"threw {Describe(refused)}");
            else if (refused is not null && version == InTransaction && Db.Scalar<long>($"SELECT COUNT(*) FROM {CopyTable}") != 0)
                findings.Add("a refused copy in a transaction left rows copied");
            return findings;
        });

    /// <summary>
    /// A seed of the rows as the driver reads them, into a table of the same types — empty (the bulk
    /// insert) or holding each row's values swapped (the staged upsert) — leaves it holding every
    /// value as the source does, or is refused clearly; seeding the same rows again finds every row
    /// unchanged and writes nothing (the comparison with the table).
    /// </summary>
    private void Seeded(List<string> failures, ColumnCase column, long version, string path, bool overOtherValues) =>
        RunPath(failures, path, version == Online, () =>
        {
            Seed(column);
            var before = Snapshot();
            // The rows as FluentData reads them for a C# mapping: the values a user's code holds.
            var seedRows = new List<object>();
            var read = Migrate(version, m => m.Copy.Rows.From(Table).To(CopyTable).Using(row =>
            {
                seedRows.Add(new { id = row["id"], v = row["v"], w = row["w"] });
                return null;
            }));
            if (read is not null)
                return column.Refusable || read is DataMigrationException { Column: "v" or "w" } ? [] : [$"the rows to seed could not be read: {Describe(read)}"];
            Db.Execute($"DELETE FROM {Quote("VersionInfo")} WHERE {Quote("Version")} = {version}");
            if (version == Online)
                Runner.DiscardCheckpoints(Online);

            Db.Execute($"DELETE FROM {CopyTable}");
            if (overOtherValues)
                Db.Execute($"INSERT INTO {CopyTable} (id, v, w) SELECT id, w, v FROM {Table}");
            void Up(DataMigration m) => m.Seed.Table(CopyTable).Key("id").Rows(seedRows).InBatchesOf(BatchSize);

            var refused = Migrate(version, Up);
            if (refused is not null)
            {
                return (column.Refusable || column.CopyRefusable) && refused is SeedRowException { Column: "v" or "w", Line: not null }
                    ? []
                    : [$"threw {Describe(refused)}"];
            }

            var findings = Differences(before, Snapshot(CopyTable));
            Db.Execute($"DELETE FROM {Quote("VersionInfo")} WHERE {Quote("Version")} = {version}");
            if (version == Online)
                Runner.DiscardCheckpoints(Online);
            Scenario.Reset();
            Migrate(version, Up, out var again);
            if (again is { } result && (result.Unchanged, result.Inserted, result.Updated) != (seedRows.Count, 0, 0))
                findings.Add($"seeding the same rows again inserted {result.Inserted}, updated {result.Updated}, found {result.Unchanged} of {seedRows.Count} unchanged");
            findings.AddRange(Differences(before, Snapshot(CopyTable)).Select(d => $"seeding again: {d}"));
            return findings;
        });

    /// <summary>
    /// A typed transform whose row type declares both columns as an application would — the .NET
    /// type FluentData takes the column for — swapping them: every value lands in the other column
    /// exactly, or a value is refused clearly.
    /// </summary>
    private void Typed(List<string> failures, ColumnCase column, long version, string path) =>
        RunPath(failures, path, version == Online, () =>
        {
            Seed(column);
            var before = Snapshot();
            var type = DeclaredType();
            var property = type.IsValueType ? typeof(Nullable<>).MakeGenericType(type) : type;
            var swap = typeof(IdentityTests<TDatabase>).GetMethod(nameof(SwapAs), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(property).CreateDelegate<Action<DataMigration>>();
            var refused = Migrate(version, swap);
            // Refused clearly: a value .NET cannot hold exactly, or one the declared type cannot hold (SQLite keeps any value in any column).
            var held = refused is TransformFailedException { Column: "v" or "w", Key: not null, InnerException: FormatException or InvalidCastException or OverflowException or ArgumentException };
            if (refused is not null)
                return held || ((column.Refusable || column.CopyRefusable) && refused is DataMigrationException { Column: "v" or "w" }) ? [] : [$"threw {Describe(refused)}"];
            return Differences([.. before.Select(r => new[] { r[0], r[2], r[1] })], Snapshot());
        });

    /// <summary>The type a property for column v is declared as: the column's .NET type, text where FluentData reads it as text, object where it has no type.</summary>
    private Type DeclaredType()
    {
        using var connection = Db.Open();
        FluentData.Dialects.IDataDialect dialect = Db.Engine == "SQLite" ? new FluentData.Dialects.Sqlite.SqliteDialect() : new FluentData.Postgres.PostgresDialect();
        var v = dialect.ReadSchema(connection, null, new FluentData.Dialects.TableName(null, Table))!.Find("v")!;
        return v.ReadAsText ? typeof(string) : v.Kind == FluentData.Dialects.ValueKind.Any ? typeof(object) : v.ClrType;
    }

    private static void SwapAs<TValue>(DataMigration m) =>
        m.Transform.Table(Table).Using<Pair<TValue>>(p => (p.V, p.W) = (p.W, p.V)).InBatchesOf(BatchSize);

    /// <summary>A row of the identity table as an application would declare it.</summary>
    private sealed class Pair<TValue>
    {
        public int Id { get; set; }

        public TValue? V { get; set; }

        public TValue? W { get; set; }
    }

    private void Migrate(long version, Action<DataMigration> up, out SeedResult? seed)
    {
        if (version == InTransaction)
            Scenario.InTransaction = up;
        else
            Scenario.Online = up;
        seed = Runner.MigrateUp(version).Migrations.SingleOrDefault(m => m.Version == version)?.Seeds.SingleOrDefault();
    }

    private void Identity(List<string> failures, ColumnCase column, long version, string path, Action<DataMigration> up) =>
        RunPath(failures, path, version == Online, () =>
        {
            Seed(column);
            var before = Snapshot();
            var refused = Migrate(version, up);
            var findings = Differences(before, Snapshot());
            if (refused is null && !IsApplied(version))
                findings.Add("the migration ran without an error but is not recorded as applied");
            else if (refused is not null && !(column.Refusable && IsClearRefusal(refused)))
                findings.Add($"threw {Describe(refused)}");
            return findings;
        });

    /// <summary>Runs <paramref name="up"/> as the migration of that version; returns what it threw, if anything.</summary>
    private Exception? Migrate(long version, Action<DataMigration> up)
    {
        if (version == InTransaction)
            Scenario.InTransaction = up;
        else
            Scenario.Online = up;
        return Catch(() => Runner.MigrateUp(version));
    }

    /// <summary>A refusal a user can act on: a FluentData error naming the table, the column and the row.</summary>
    private static bool IsClearRefusal(Exception e) =>
        e is DataMigrationException { Table: Table, Column: "v" or "w", Key: not null };

    /// <summary>Every path starts from the same rows, whatever an earlier path did to them.</summary>
    private void Seed(ColumnCase column)
    {
        Db.Execute($"DELETE FROM {Table}");
        var n = column.Values.Count;
        var rows = Enumerable.Range(0, Math.Max(MinimumRows, n))
            .Select(i => $"({i + 1}, {column.Values[i % n]}, {column.Values[(i + (n / 2) + 1) % n]})");
        Db.Execute($"INSERT INTO {Table} (id, v, w) VALUES {string.Join(", ", rows)}");
    }

    private List<string?[]> Snapshot(string table = Table) =>
        Db.Rows($"SELECT CAST(id AS text), {Render("v")}, {Render("w")} FROM {table} ORDER BY {table}.id")
            .Select(r => r.Select(value => (string?)value).ToArray())
            .ToList();

    private static List<string> Differences(List<string?[]> before, List<string?[]> after)
    {
        if (before.Count != after.Count)
            return [$"the table had {before.Count} rows and has {after.Count}"];

        var differences = new List<string>();
        for (var row = 0; row < before.Count; row++)
        {
            for (var column = 1; column <= Columns.Length; column++)
            {
                if (before[row][column] != after[row][column])
                    differences.Add($"row id {before[row][0]}, column {Columns[column - 1]}: {Show(before[row][column])} became {Show(after[row][column])}");
            }
        }

        return differences;
    }
}
