using System.Diagnostics;
using FluentData.Expressions;
using Microsoft.Extensions.Logging;

namespace FluentData.Execution;

/// <summary>
/// Tells the host how a transform is doing: every batch through <see cref="IProgress{T}"/>, and
/// through the log at most every <see cref="LogInterval"/>, so a long transform is visible
/// without flooding the log.
/// </summary>
internal sealed partial class ProgressReporter(
    TransformExpression expression, long? expected, bool expectedIsEstimate, long resumedRows,
    IProgress<TransformProgress>? progress, ILogger logger)
{
    public static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(5);

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _lastLog = TimeSpan.Zero;

    public TransformProgress Report(TransformTally total, bool completed)
    {
        var elapsed = _clock.Elapsed;
        var rowsDone = total.Read;
        var rate = elapsed.TotalSeconds > 0 ? (rowsDone - resumedRows) / elapsed.TotalSeconds : 0;
        var report = new TransformProgress(expression.Migration, expression.TableName, expression.Columns.ToArray(),
            rowsDone, total.Changed, expected, expectedIsEstimate, elapsed, rate, completed, total.Redone);
        progress?.Report(report);

        if (!completed && elapsed - _lastLog >= LogInterval)
        {
            _lastLog = elapsed;
            LogProgress(expression.Migration, expression, rowsDone, expected, total.Changed, total.Redone, rate, report.Eta);
        }

        return report;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Migration}: {Transform}: {RowsDone} of {RowsExpected} rows read, {RowsChanged} changed, {RowsRedone} redone, {RowsPerSecond:F0} rows/s, {Eta} left")]
    private partial void LogProgress(MigrationIdentity migration, TransformExpression transform, long rowsDone, long? rowsExpected, long rowsChanged, long rowsRedone, double rowsPerSecond, TimeSpan? eta);
}
