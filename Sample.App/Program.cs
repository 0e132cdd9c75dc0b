using System.CommandLine;
using System.Diagnostics;
using FluentData;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sample.App;
using Spectre.Console;

// The embedded default: no arguments means this assembly's migrations on a SQLite file
// (fluentdata.db in the working directory, or ConnectionStrings:FluentData from configuration).
var progress = new ProgressDisplay();
var services = new ServiceCollection()
    .AddLogging(logging => logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning))
    .AddDataMigrations(o => o.ReportProgressTo(progress));
using var provider = services.BuildServiceProvider();
var runner = provider.GetRequiredService<IDataMigrationRunner>();
var connectionString = provider.GetRequiredService<IOptions<DataMigrationOptions>>().Value.ConnectionString!;
long[] shownIds = [1, 17, 42];

var up = new Command("up", "Apply every pending migration (the default).");
up.SetAction(_ => Up());

var versionArgument = new Argument<long>("version") { Description = "The version to go back to; it stays applied. 0 rolls back everything." };
var down = new Command("down", "Roll back the migrations newer than a version.") { versionArgument };
down.SetAction(result =>
{
    EnsureSeeded();
    ShowRun(runner.MigrateDown(result.GetValue(versionArgument)));
    ShowStatus();
});

var status = new Command("status", "List the migrations and whether each is applied.");
status.SetAction(_ =>
{
    EnsureSeeded();
    ShowStatus();
});

var plan = new Command("plan", "Show what the pending migrations would do, with row counts. Changes nothing.");
plan.SetAction(_ =>
{
    EnsureSeeded();
    Report.Plan(runner.Plan());
});

var dryRun = new Command("dry-run", "Apply the pending migrations in a transaction that is rolled back, and show what they did.");
dryRun.SetAction(_ =>
{
    EnsureSeeded();
    Report.DryRun(runner.DryRun());
});

var host = new Command("host", "Start as a hosted app would: migrations run at startup, before the app serves.");
host.SetAction(_ =>
{
    EnsureSeeded();
    StartupSample.Run(args);
});

var root = new RootCommand("FluentData sample: reshapes a 100,000-customer SQLite database with data migrations.") { up, down, status, plan, dryRun, host };
root.SetAction(_ => Up());
return root.Parse(args).Invoke();

void Up()
{
    EnsureSeeded();
    var before = LegacyDatabase.Sample(connectionString, shownIds);
    var result = progress.Show(runner.MigrateUp);
    if (result.NothingToDo)
    {
        AnsiConsole.MarkupLine($"[green]Nothing to apply:[/] all {runner.ListMigrations().Count} migrations are already applied. (Run [bold]status[/] to list them, [bold]down 0[/] to start over.)");
        return;
    }

    ShowRun(result);
    var after = LegacyDatabase.Sample(connectionString, shownIds);
    var addresses = LegacyDatabase.Addresses(connectionString, shownIds);
    foreach (var id in shownIds)
        ShowChange(id, before[id], after[id], addresses[id]);
}

void EnsureSeeded()
{
    var stopwatch = Stopwatch.StartNew();
    var inserted = LegacyDatabase.EnsureSeeded(connectionString);
    if (inserted > 0)
        AnsiConsole.MarkupLine($"Created [bold]{Markup.Escape(connectionString)}[/] with {inserted:N0} customers in {stopwatch.Elapsed.TotalSeconds:F2} s.");
}

void ShowRun(MigrationRunResult result)
{
    var table = new Table().Title($"Migrated {(result.Migrations.Count > 0 && result.Migrations[0].Direction == MigrationDirection.Down ? "down" : "up")}")
        .AddColumns("Version", "Migration", "Rows read", "Rows changed", "Rows inserted", "Time");
    foreach (var m in result.Migrations)
    {
        table.AddRow(
            m.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            m.Name,
            m.Transforms.Count == 0 ? "-" : m.RowsTransformed.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
            m.Transforms.Count == 0 ? "-" : m.RowsChanged.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
            m.Copies.Count == 0 ? "-" : m.RowsInserted.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
            $"{m.Elapsed.TotalSeconds:F2} s");
    }

    AnsiConsole.Write(table);
    AnsiConsole.MarkupLine($"{result.Migrations.Count} migrations, {result.RowsTransformed:N0} rows read, {result.RowsChanged:N0} changed in {result.Elapsed.TotalSeconds:F2} s.");
    foreach (var copy in result.Migrations.SelectMany(m => m.Copies))
        AnsiConsole.MarkupLine($"Copied {copy.RowsRead:N0} rows of [bold]{Markup.Escape(copy.Source)}[/] into {copy.RowsInserted:N0} rows of [bold]{Markup.Escape(copy.Target)}[/].");
    foreach (var seed in result.Migrations.SelectMany(m => m.Seeds))
        AnsiConsole.MarkupLine($"Seeded [bold]{Markup.Escape(seed.Table)}[/] from {Markup.Escape(seed.Source)}: {seed.Inserted:N0} inserted, {seed.Updated:N0} updated, {seed.Unchanged:N0} unchanged.");
}

void ShowStatus()
{
    var table = new Table().Title("Migrations").AddColumns("Version", "Migration", "Description", "Applied");
    foreach (var m in runner.ListMigrations())
        table.AddRow(m.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), m.Name, Markup.Escape(m.Description ?? ""),
            m.IsApplied ? (m.HasChangedSinceApplied ? "[red]yes, but its Up() changed since[/]" : "[green]yes[/]") : "[yellow]pending[/]");
    AnsiConsole.Write(table);
}

static void ShowChange(long id, Dictionary<string, object?> before, Dictionary<string, object?> after, List<string> addresses)
{
    var table = new Table().Title($"Customer {id}").AddColumns("Column", "Before", "After");
    foreach (var column in after.Keys.Union(before.Keys))
    {
        var old = before.TryGetValue(column, out var b) ? Show(b) : "[grey]-[/]";
        var now = after.TryGetValue(column, out var a) ? Show(a) : "[grey]-[/]";
        table.AddRow(Markup.Escape(column), old, Equals(b, a) ? now : $"[green]{now}[/]");
    }

    foreach (var address in addresses)
        table.AddRow("[grey]addresses table[/]", "[grey]-[/]", $"[green]{Markup.Escape(address)}[/]");

    AnsiConsole.Write(table);
}

static string Show(object? value) => value switch
{
    null => "[grey]NULL[/]",
    string s => Markup.Escape($"\"{s}\""),
    _ => Markup.Escape(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? ""),
};
