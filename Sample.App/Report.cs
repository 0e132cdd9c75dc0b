using System.Globalization;
using FluentData;
using Spectre.Console;

namespace Sample.App;

/// <summary>Prints a plan and a dry run as tables.</summary>
internal static class Report
{
    public static void Plan(MigrationPlan plan)
    {
        if (plan.NothingToDo)
        {
            AnsiConsole.MarkupLine("[green]Nothing pending.[/] (Run [bold]down 0[/] first to see a plan.)");
            return;
        }

        foreach (var migration in plan.Migrations)
        {
            var table = new Table().Title($"{migration.Version} {Markup.Escape(migration.Name)}").AddColumns("Step", "What", "Rows");
            foreach (var step in migration.Steps)
            {
                var rows = step.Rows?.ToString("N0", CultureInfo.InvariantCulture) ?? "";
                var note = step.Note is null ? "" : (rows.Length > 0 ? " — " : "") + step.Note;
                table.AddRow(step.Kind, Markup.Escape(step.Description), step.WillFail ? $"[red]{Markup.Escape(note)}[/]" : Markup.Escape(rows + note is "" ? "-" : rows + note));
            }

            AnsiConsole.Write(table);
        }

        AnsiConsole.MarkupLine($"{plan.Migrations.Count} migrations pending; nothing was changed.");
    }

    public static void DryRun(DryRunResult result)
    {
        if (result.Migrations.Count == 0)
        {
            AnsiConsole.MarkupLine("[green]Nothing pending.[/] (Run [bold]down 0[/] first to try a dry run.)");
            return;
        }

        var transforms = new Table().Title("Transforms (rolled back)").AddColumns("Migration", "Target", "Rows read", "Rows changed", "Became NULL", "Sample: before → after");
        foreach (var t in result.Transforms)
        {
            var sample = t.Samples.Count > 0 ? t.Samples[0] : null;
            transforms.AddRow(
                Markup.Escape(t.Migration.Name),
                Markup.Escape($"{t.Table}.{string.Join("+", t.Columns)}"),
                t.Rows.ToString("N0", CultureInfo.InvariantCulture),
                t.RowsChanged.ToString("N0", CultureInfo.InvariantCulture),
                string.Join(", ", t.NullsProduced.Select(n => $"{n.Key}: {n.Value:N0}")),
                sample is null ? "-" : Markup.Escape($"#{sample.Key}: {Show(sample.Before)} → {Show(sample.After)}"));
        }

        AnsiConsole.Write(transforms);
        if (result.Copies.Count > 0)
        {
            var copies = new Table().Title("Copies (rolled back)").AddColumns("Migration", "From", "To", "Rows read", "Rows inserted");
            foreach (var c in result.Copies)
            {
                copies.AddRow(Markup.Escape(c.Migration.Name), Markup.Escape(c.Source), Markup.Escape(c.Target),
                    c.RowsRead.ToString("N0", CultureInfo.InvariantCulture), c.RowsInserted.ToString("N0", CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(copies);
        }

        if (result.Seeds.Count > 0)
        {
            var seeds = new Table().Title("Seeds (rolled back)").AddColumns("Migration", "Table", "From", "Inserted", "Updated", "Unchanged");
            foreach (var s in result.Seeds)
            {
                seeds.AddRow(Markup.Escape(s.Migration.Name), Markup.Escape(s.Table), Markup.Escape(s.Source), s.Inserted.ToString("N0", CultureInfo.InvariantCulture),
                    s.Updated.ToString("N0", CultureInfo.InvariantCulture), s.Unchanged.ToString("N0", CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(seeds);
        }

        var checks = new Table().Title("Checks").AddColumns("Migration", "Check", "Result");
        foreach (var v in result.Verifications)
        {
            checks.AddRow(Markup.Escape(v.Migration.Name), Markup.Escape(v.Check),
                v.Passed ? "[green]passed[/]" : $"[red]{v.OffendingRows:N0} rows, keys {Markup.Escape(string.Join(", ", v.SampleKeys))}[/]");
        }

        AnsiConsole.Write(checks);
        if (result.Failure is { } failure)
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(failure.Migration?.ToString() ?? "A migration")} would fail:[/] {Markup.Escape(failure.Message)}");
        AnsiConsole.MarkupLine(result.WouldSucceed
            ? $"[green]The {result.Migrations.Count} pending migrations would succeed.[/] Nothing was changed."
            : $"[red]The migrations would not all succeed[/] ({result.Completed.Count} of {result.Migrations.Count} would run to the end). Nothing was changed.");
    }

    private static string Show(IReadOnlyList<object?> values) =>
        string.Join(", ", values.Select(v => v is null ? "NULL" : $"\"{v}\""));
}
