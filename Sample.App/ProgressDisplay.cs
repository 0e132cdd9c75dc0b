using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using FluentData;
using Spectre.Console;

namespace Sample.App;

/// <summary>
/// Shows transform progress: a live bar per transform on a terminal, plain lines (at most one
/// a second per transform) when the output is redirected to a file or a pipe.
/// </summary>
internal sealed class ProgressDisplay : IProgress<TransformProgress>
{
    private static readonly TimeSpan LineInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, ProgressTask> _bars = new();
    private readonly ConcurrentDictionary<string, Stopwatch> _lastLine = new();
    private ProgressContext? _live;

    public static bool Interactive => AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected;

    /// <summary>Runs <paramref name="work"/> with live bars when the terminal allows it.</summary>
    public T Show<T>(Func<T> work)
    {
        if (!Interactive)
            return work();

        var result = default(T)!;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                _live = context;
                result = work();
            });
        _live = null;
        return result;
    }

    public void Report(TransformProgress value)
    {
        var name = value.Kind == "transform" ? $"{value.Migration.Name}: {value.Table}.{string.Join("+", value.Columns)}" : $"{value.Migration.Name}: {value.Kind} {value.Table}";
        if (_live is { } live)
        {
            var bar = _bars.GetOrAdd(name, n => live.AddTask(Markup.Escape(n), maxValue: Math.Max(1, value.RowsExpected ?? 1)));
            bar.MaxValue = Math.Max(1, value.RowsExpected ?? value.RowsDone);
            bar.Value = value.Completed ? bar.MaxValue : value.RowsDone;
            return;
        }

        var clock = _lastLine.GetOrAdd(name, _ => Stopwatch.StartNew());
        if (!value.Completed && clock.Elapsed < LineInterval)
            return;
        clock.Restart();
        var expected = value.RowsExpected is { } rows ? $" of {(value.ExpectedIsEstimate ? "about " : "")}{rows:N0}" : "";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {name}: {value.RowsDone:N0}{expected} rows, {value.RowsPerSecond:N0} rows/s{(value.Completed ? ", done" : "")}"));
    }
}
