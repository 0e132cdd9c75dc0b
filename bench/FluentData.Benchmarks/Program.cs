using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FluentData;
using FluentData.Benchmarks;
using FluentMigrator.Runner.Initialization;
using Microsoft.Extensions.DependencyInjection;

// dotnet run -c Release --project bench/FluentData.Benchmarks -- --provider postgres --rows 1000000
var providerOption = new Option<string>("--provider") { Description = "postgres or sqlite", DefaultValueFactory = _ => "postgres" };
var rowsOption = new Option<long>("--rows") { Description = "rows in the people table", DefaultValueFactory = _ => 1_000_000 };
var roundsOption = new Option<int>("--rounds") { Description = "interleaved rounds (medians are reported)", DefaultValueFactory = _ => 3 };
var naiveOption = new Option<long>("--naive-rows") { Description = "rows the naive per-row loop updates (its time is scaled to the table)", DefaultValueFactory = _ => 50_000 };
var batchOption = new Option<int?>("--batch") { Description = "InBatchesOf for the FluentData variants (default: the database's)" };
var onlyOption = new Option<string?>("--only") { Description = "comma-separated variant names to run (default: all)" };
var scenarioOption = new Option<string>("--scenario") { Description = "transforms (the people table) or seed (a CSV file into a reference table)", DefaultValueFactory = _ => "transforms" };
var root = new RootCommand("FluentData benchmark: a transform of every row against one set-based UPDATE, same table, same run.")
{
    providerOption, rowsOption, roundsOption, naiveOption, batchOption, onlyOption, scenarioOption,
};
root.SetAction(result => result.GetValue(scenarioOption) == "seed"
    ? RunSeed(result.GetValue(providerOption)!, result.GetValue(rowsOption), result.GetValue(roundsOption))
    : Run(result.GetValue(providerOption)!, result.GetValue(rowsOption), result.GetValue(roundsOption),
        result.GetValue(naiveOption), result.GetValue(batchOption), result.GetValue(onlyOption)));
return root.Parse(args).Invoke();

static int RunSeed(string provider, long rows, int rounds)
{
    using var database = BenchDatabase.Create(provider);
    return SeedBench.Run(database, rows, rounds);
}

static int Run(string provider, long rows, int rounds, long naiveRows, int? batch, string? only)
{
    if (provider is not ("postgres" or "sqlite"))
    {
        Console.Error.WriteLine("--provider must be postgres or sqlite");
        return 2;
    }

    using var database = BenchDatabase.Create(provider);
    Console.WriteLine($"# {database.ServerVersion()}, {rows:N0} rows, {rounds} rounds, .NET {Environment.Version}, {Environment.ProcessorCount} cores, {Environment.OSVersion}");
    var clock = Stopwatch.StartNew();
    database.CreatePeople(rows);
    Console.WriteLine($"# table built in {clock.Elapsed.TotalSeconds:F1} s");

    var settings = new BenchSettings { BatchSize = batch };
    using var csharp = Runner(database, settings, "FluentData.Benchmarks.Migrations.CSharp");
    using var sql = Runner(database, settings, "FluentData.Benchmarks.Migrations.Sql");
    using var typed = Runner(database, settings, "FluentData.Benchmarks.Migrations.Typed");
    using var typedColumns = Runner(database, new BenchSettings { BatchSize = batch, TypedColumns = true }, "FluentData.Benchmarks.Migrations.Typed");
    var singleUpdate = new Variant("single UPDATE", () => (rows, 1, database.Execute("UPDATE people SET full_name = first_name || ' ' || last_name")));
    var variants = new List<Variant>
    {
        singleUpdate,
        new("FluentData Using (C#)", () => Migrate(csharp)),
        new("FluentData UsingSql", () => Migrate(sql)),
        new("FluentData Using<Person> (typed C#)", () => Migrate(typed)),
        new("FluentData Columns(\"full_name\").Using<Person> (typed C#)", () => Migrate(typedColumns)),
        new("naive loop, 1 transaction", () => NaiveLoop(database, Math.Min(naiveRows, rows), rows)),
        new("FluentData Using (C#), 1% changing", () => Migrate(csharp), Variant.OnePercentNull),
        new("FluentData UsingSql, 1% changing", () => Migrate(sql), Variant.OnePercentNull),
    };
    using var purge = Runner(database, settings, "FluentData.Benchmarks.Migrations.Purge");
    using var purgeOnline = Runner(database, settings, "FluentData.Benchmarks.Migrations.PurgeOnline");
    const string singleDelete = "single DELETE of half the rows";
    variants.Add(new(singleDelete, () => { var deleted = database.Execute("DELETE FROM people WHERE id % 2 = 0"); return (deleted, 1, deleted); }, Variant.Nothing, singleDelete, Deletes: true));
    variants.Add(new("FluentData Purge of half the rows", () => Deleted(purge), Variant.Nothing, singleDelete, Deletes: true));
    variants.Add(new("FluentData Purge of half the rows, online", () => Deleted(purgeOnline), Variant.Nothing, singleDelete, Deletes: true));
    const string singleInsert = "single INSERT ... SELECT of every row";
    var emptyCopy = database.IsPostgres ? "TRUNCATE people_copy" : "DELETE FROM people_copy";
    variants.Add(new(singleInsert, () => { var inserted = database.Execute("INSERT INTO people_copy (id, full_name) SELECT id, first_name || ' ' || last_name FROM people"); return (inserted, 1, inserted); },
        emptyCopy, singleInsert, Copies: true));
    var copies = new List<ServiceProvider>();
    foreach (var (inSql, mapping) in new[] { (true, "Columns (SQL)"), (false, "Using (C#)") })
    {
        var on = new BenchSettings { BatchSize = batch, CopyInSql = inSql };
        var (atomic, resumable) = (Runner(database, on, "FluentData.Benchmarks.Migrations.Copy"), Runner(database, on, "FluentData.Benchmarks.Migrations.CopyOnline"));
        copies.AddRange([atomic, resumable]);
        variants.Add(new($"FluentData Copy {mapping}", () => Copied(atomic), emptyCopy, singleInsert, Copies: true));
        variants.Add(new($"FluentData Copy {mapping}, online", () => Copied(resumable), emptyCopy, singleInsert, Copies: true));
    }

    var online = new List<ServiceProvider>();
    foreach (var connections in new[] { 1, 2, 4 })
    {
        var on = new BenchSettings { BatchSize = batch, Connections = connections };
        var (csharpOnline, sqlOnline) = (Runner(database, on, "FluentData.Benchmarks.Migrations.CSharpOnline"), Runner(database, on, "FluentData.Benchmarks.Migrations.SqlOnline"));
        online.AddRange([csharpOnline, sqlOnline]);
        variants.Add(new($"FluentData Using (C#), online, {connections} connection{(connections > 1 ? "s" : "")}", () => Migrate(csharpOnline)));
        variants.Add(new($"FluentData UsingSql, online, {connections} connection{(connections > 1 ? "s" : "")}", () => Migrate(sqlOnline)));
    }

    if (only is not null)
        variants = variants.Where(v => v == singleUpdate || v.Name == v.Baseline || only.Split(',').Any(o => v.Name.Contains(o.Trim(), StringComparison.OrdinalIgnoreCase))).ToList();

    var timings = variants.ToDictionary(v => v.Name, _ => new List<double>());
    var peaks = variants.ToDictionary(v => v.Name, _ => 0L);
    var done = variants.ToDictionary(v => v.Name, _ => 0L);
    var changed = variants.ToDictionary(v => v.Name, _ => 0L);
    var written = variants.ToDictionary(v => v.Name, _ => (long?)null);
    for (var round = 1; round <= rounds; round++)
    {
        foreach (var variant in variants)
        {
            if (database.Scalar("SELECT COUNT(*) FROM people") != rows)
                database.Execute(Variant.HalfBack);
            database.Execute(variant.Reset);
            database.Settle();
            var updatesBefore = database.RowsUpdated();
            GC.Collect();
            GC.WaitForPendingFinalizers();

            using var memory = new MemorySampler();
            var watch = Stopwatch.StartNew();
            var (covered, scale, reported) = variant.Run();
            watch.Stop();
            changed[variant.Name] = reported;
            written[variant.Name] = database.RowsUpdated() - updatesBefore;
            timings[variant.Name].Add(watch.Elapsed.TotalSeconds * scale);
            peaks[variant.Name] = Math.Max(peaks[variant.Name], memory.Peak);
            done[variant.Name] = covered;
            if (variant.Copies && (covered != rows || database.Scalar("SELECT COUNT(*) FROM people_copy WHERE full_name = 'First' || id || ' Last' || id") != rows))
                throw new InvalidOperationException($"{variant.Name} did not copy every person's full name");
            if (!variant.Deletes && !variant.Copies && covered == rows && database.CountFullNames() != rows)
                throw new InvalidOperationException($"{variant.Name} did not set every full_name correctly");
            if (variant.Deletes && (covered != rows / 2 || database.Scalar("SELECT COUNT(*) FROM people WHERE id % 2 = 0") != 0))
                throw new InvalidOperationException($"{variant.Name} did not delete exactly every second person");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# round {round}: {variant.Name}: {watch.Elapsed.TotalSeconds:F2} s for {covered:N0} rows"));
        }
    }

    Console.WriteLine();
    Console.WriteLine("| variant | rows | seconds (median) | rows/s | × its baseline's time | peak working set | rows changed (reported) | rows written (n_tup_upd) |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
    foreach (var variant in variants)
    {
        var seconds = Median(timings[variant.Name]);
        var baseline = Median(timings[variant.Baseline]);
        var scaled = done[variant.Name] == rows || variant.Deletes ? "" : $" (scaled from {done[variant.Name]:N0})";
        var counted = variant.Deletes ? done[variant.Name] : rows;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {variant.Name}{scaled} | {counted:N0} | {seconds:F2} | {counted / seconds:N0} | {seconds / baseline:F2} | {peaks[variant.Name] / 1024.0 / 1024.0:F0} MiB | {changed[variant.Name]:N0} | {(written[variant.Name] is { } w ? w.ToString("N0", CultureInfo.InvariantCulture) : "-")} |"));
    }

    online.ForEach(o => o.Dispose());
    copies.ForEach(c => c.Dispose());
    return 0;
}

static ServiceProvider Runner(BenchDatabase database, BenchSettings settings, string migrationNamespace)
{
    var services = new ServiceCollection();
    services.AddSingleton(settings);
    services.AddDataMigrations(o =>
    {
        _ = database.IsPostgres ? o.UsePostgres(database.ConnectionString) : o.UseSqlite(database.ConnectionString);
        o.ScanIn(typeof(BenchSettings).Assembly).WithCommandTimeout(TimeSpan.FromHours(1));
    });
    services.Configure<TypeFilterOptions>(o => o.Namespace = migrationNamespace);
    return services.BuildServiceProvider();
}

static (long, double, long) Migrate(ServiceProvider services)
{
    var result = services.GetRequiredService<IDataMigrationRunner>().MigrateUp();
    return (result.RowsTransformed, 1, result.RowsChanged);
}

static (long, double, long) Copied(ServiceProvider services)
{
    var result = services.GetRequiredService<IDataMigrationRunner>().MigrateUp();
    return (result.Migrations.Sum(m => m.Copies.Sum(c => c.RowsRead)), 1, result.Migrations.Sum(m => m.RowsInserted));
}

static (long, double, long) Deleted(ServiceProvider services)
{
    var deleted = services.GetRequiredService<IDataMigrationRunner>().MigrateUp().Migrations.Sum(m => m.RowsDeleted);
    return (deleted, 1, deleted);
}

// What an ORM-style hand-written loop does: read the rows, one UPDATE per row, one transaction.
static (long, double, long) NaiveLoop(BenchDatabase database, long slice, long rows)
{
    using var connection = database.Open();
    using var transaction = connection.BeginTransaction();
    var people = new List<(long Id, string Full)>();
    using (var select = connection.CreateCommand())
    {
        select.Transaction = transaction;
        select.CommandText = $"SELECT id, first_name, last_name FROM people WHERE id <= {slice} ORDER BY id";
        using var reader = select.ExecuteReader();
        while (reader.Read())
            people.Add((reader.GetInt64(0), reader.GetString(1) + " " + reader.GetString(2)));
    }

    foreach (var (id, full) in people)
    {
        using var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = "UPDATE people SET full_name = @full WHERE id = @id";
        var f = update.CreateParameter();
        f.ParameterName = "@full";
        f.Value = full;
        update.Parameters.Add(f);
        var i = update.CreateParameter();
        i.ParameterName = "@id";
        i.Value = id;
        update.Parameters.Add(i);
        update.ExecuteNonQuery();
    }

    transaction.Commit();
    return (people.Count, (double)rows / people.Count, people.Count);
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
