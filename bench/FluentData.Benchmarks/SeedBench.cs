using System.Diagnostics;
using System.Globalization;
using FluentMigrator.Runner.Initialization;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FluentData.Benchmarks;

/// <summary>
/// A seed of a reference table from a CSV file against PostgreSQL's own <c>COPY … FROM STDIN</c>
/// of the same file into the same empty table, then the same seed run again over the table it
/// filled (nothing changes), and again with 1% of the rows changed. Interleaved rounds, medians.
/// </summary>
internal static class SeedBench
{
    private const string Create =
        "CREATE TABLE plans (code varchar(12) PRIMARY KEY, name varchar(60) NOT NULL, price numeric(10,2) NOT NULL, active boolean NOT NULL, created date NOT NULL, note text)";

    public static int Run(BenchDatabase database, long rows, int rounds)
    {
        if (!database.IsPostgres)
        {
            Console.Error.WriteLine("the seed scenario compares with PostgreSQL's COPY: run it with --provider postgres");
            return 2;
        }

        var file = Path.Combine(Path.GetTempPath(), $"fluentdata-bench-plans-{Environment.ProcessId}.csv");
        WriteFile(file, rows);
        Console.WriteLine($"# {database.ServerVersion()}, seed of {rows:N0} rows from a {new FileInfo(file).Length / 1024.0 / 1024.0:F1} MiB CSV file, {rounds} rounds, .NET {Environment.Version}, {Environment.ProcessorCount} cores");
        database.Execute("DROP TABLE IF EXISTS plans");
        database.Execute(Create);
        database.Execute("CREATE TABLE IF NOT EXISTS \"VersionInfo\" (\"Version\" bigint NOT NULL, \"AppliedOn\" timestamp, \"Description\" varchar(1024))");

        using var services = Runner(database, new BenchSettings { SeedFile = file });
        var runner = services.GetRequiredService<IDataMigrationRunner>();
        (string Name, string Baseline, string? Reset, Func<long> Run)[] variants =
        [
            ("COPY plans FROM STDIN (FORMAT csv)", "COPY plans FROM STDIN (FORMAT csv)", "TRUNCATE plans", () => Copy(database, file)),
            ("FluentData Seed FromCsv, empty table", "COPY plans FROM STDIN (FORMAT csv)", "TRUNCATE plans", () => Seeded(runner, s => s.Inserted)),
            ("FluentData Seed FromCsv, unchanged rerun", "FluentData Seed FromCsv, empty table", null, () => Seeded(runner, s => s.Unchanged)),
            ("FluentData Seed FromCsv, 1% changed", "FluentData Seed FromCsv, empty table", "UPDATE plans SET name = name || '*' WHERE right(code, 2) = '00'", () => Seeded(runner, s => s.Updated)),
        ];
        var timings = variants.ToDictionary(v => v.Name, _ => new List<double>());
        var counts = variants.ToDictionary(v => v.Name, _ => 0L);
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var (name, _, reset, run) in variants)
            {
                if (reset is not null)
                    database.Execute(reset);
                database.Execute("VACUUM ANALYZE plans");
                database.Execute("DELETE FROM \"VersionInfo\"");
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var watch = Stopwatch.StartNew();
                counts[name] = run();
                watch.Stop();
                timings[name].Add(watch.Elapsed.TotalSeconds);
                if (database.Scalar("SELECT COUNT(*) FROM plans") != rows)
                    throw new InvalidOperationException($"{name} left {database.Scalar("SELECT COUNT(*) FROM plans")} rows in plans instead of {rows}");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# round {round}: {name}: {watch.Elapsed.TotalSeconds:F3} s, {counts[name]:N0} rows"));
            }
        }

        Console.WriteLine();
        Console.WriteLine("| variant | seconds (median) | × its baseline | baseline | rows it reports |");
        Console.WriteLine("|---|---:|---:|---|---:|");
        foreach (var (name, baseline, _, _) in variants)
        {
            var seconds = Median(timings[name]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {seconds:F3} | {seconds / Median(timings[baseline]):F2} | {baseline} | {counts[name]:N0} |"));
        }

        File.Delete(file);
        return 0;
    }

    /// <summary>A code, a name, a price, a flag, a date and a note that is sometimes empty (NULL) or quoted.</summary>
    private static void WriteFile(string path, long rows)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine("code,name,price,active,created,note");
        for (var i = 1; i <= rows; i++)
        {
            var note = (i % 3) switch { 0 => "", 1 => $"\"note, {i}\"", _ => $"plain note {i}" };
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"P{i:D7},Plan number {i},{i % 1000}.{i % 100:D2},{(i % 2 == 0 ? "true" : "false")},{new DateOnly(2020, 1, 1).AddDays(i % 2000):yyyy-MM-dd},{note}"));
        }
    }

    private static long Copy(BenchDatabase database, string file)
    {
        using var connection = (NpgsqlConnection)database.Open();
        using (var import = connection.BeginTextImport("COPY plans FROM STDIN (FORMAT csv, HEADER true)"))
        using (var reader = new StreamReader(file))
        {
            var buffer = new char[1 << 16];
            int read;
            while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
                import.Write(buffer, 0, read);
        }

        return database.Scalar("SELECT COUNT(*) FROM plans");
    }

    private static long Seeded(IDataMigrationRunner runner, Func<SeedResult, long> count)
    {
        var seed = runner.MigrateUp().Migrations.Single().Seeds.Single();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"#   the seed itself: {seed.Elapsed.TotalSeconds:F3} s"));
        return count(seed);
    }

    private static ServiceProvider Runner(BenchDatabase database, BenchSettings settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton(settings);
        services.AddDataMigrations(o => o.UsePostgres(database.ConnectionString).ScanIn(typeof(BenchSettings).Assembly).WithCommandTimeout(TimeSpan.FromHours(1)));
        services.Configure<TypeFilterOptions>(o => o.Namespace = "FluentData.Benchmarks.Migrations.Seed");
        return services.BuildServiceProvider();
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
