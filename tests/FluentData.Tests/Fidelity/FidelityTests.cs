using System.Text.RegularExpressions;
using FluentData.Tests.Infrastructure;
using FluentData.Tests.Migrations.Fidelity;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FluentData.Tests.Fidelity;

/// <summary>
/// What the fidelity matrix shares: two migrations that do what the scenario says (version 1 in
/// a transaction, version 2 online), and several paths run one after the other on one table.
/// Each path's findings are collected under its name instead of failing the test at the first,
/// so one broken path does not hide what the others do to the same type.
/// </summary>
public abstract partial class FidelityTests<TDatabase>() : MigrationTests<TDatabase>("FluentData.Tests.Migrations.Fidelity")
    where TDatabase : TestDatabase, new()
{
    protected const long InTransaction = 1;

    protected const long Online = 2;

    protected FidelityScenario Scenario { get; } = new();

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton(Scenario);
        services.AddDataMigrations(o => o.ReportProgressTo(new ForwardProgress(Scenario)));
    }

    /// <summary>SQL rendering a column exactly as text; what a test compares, and shows in its findings.</summary>
    protected abstract string Render(string column);

    protected static string Quote(string identifier) => $"\"{identifier}\"";

    protected static TheoryData<string> AsTheoryData(IEnumerable<string> names)
    {
        var data = new TheoryData<string>();
        foreach (var name in names)
            data.Add(name);
        return data;
    }

    protected void CreateSchema(IEnumerable<string> statements)
    {
        foreach (var statement in statements)
            Db.Execute(statement);

        // Npgsql learns a database's types (citext, enums) when it first connects. An application
        // migrating a database whose types existed before it started knows them; so do the tests.
        using (var connection = Db.Open())
            (connection as NpgsqlConnection)?.ReloadTypes();

        // Creates the version table, which every path resets.
        Runner.ListMigrations();
    }

    /// <summary>
    /// Runs one path. What it finds, and anything it throws, is added to <paramref name="failures"/>
    /// prefixed with the path's name; then the database is put back at version 0 with no checkpoints.
    /// </summary>
    protected void RunPath(List<string> failures, string path, bool online, Func<List<string>> run)
    {
        try
        {
            failures.AddRange(run().Select(finding => $"{path}: {finding}"));
        }
        catch (Exception e)
        {
            failures.Add($"{path}: threw {Describe(e)}");
        }
        finally
        {
            Scenario.Reset();
            if (online)
                Runner.DiscardCheckpoints(Online);

            // What MigrateDown(0) would do, without its cost: both migrations' Down() do nothing.
            Db.Execute($"DELETE FROM {Quote("VersionInfo")} WHERE {Quote("Version")} IN ({InTransaction}, {Online})");
        }
    }

    protected bool IsApplied(long version) =>
        Db.Scalar<long>($"SELECT COUNT(*) FROM {Quote("VersionInfo")} WHERE {Quote("Version")} = {version}") == 1;

    /// <summary>Rows left in the checkpoint tables: the parts of a transform on several connections have a table of their own.</summary>
    protected long CheckpointsLeft() => Db.CheckpointRows();

    protected static Exception? Catch(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    /// <summary>The exception's type and message, and its root cause's when the message does not already say it.</summary>
    protected static string Describe(Exception e)
    {
        var text = $"{e.GetType().Name}: {e.Message}";
        var root = e.GetBaseException();
        if (!ReferenceEquals(root, e) && !e.Message.Contains(root.Message, StringComparison.Ordinal))
            text += $" [root cause {root.GetType().Name}: {root.Message}]";
        text = LongRuns().Replace(text.ReplaceLineEndings(" "), m => $"{m.Value[0]}…({m.Length}×)");
        return text.Length <= 1500 ? text : text[..1500] + "…";
    }

    /// <summary>A rendered value, cut short when long, quoted so that NULL and the text 'NULL' differ.</summary>
    protected static string Show(string? value) =>
        value is null ? "NULL" : value.Length <= 80 ? $"«{value}»" : $"«{value[..80]}…» ({value.Length} chars)";

    /// <summary>A character repeated 20 times or more, as in the long keys, shown by its count.</summary>
    [GeneratedRegex(@"(.)\1{19,}")]
    private static partial Regex LongRuns();

    private sealed class ForwardProgress(FidelityScenario scenario) : IProgress<TransformProgress>
    {
        public void Report(TransformProgress value) => scenario.Progress?.Invoke(value);
    }
}
