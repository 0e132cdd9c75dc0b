using System.Diagnostics;
using FluentData.Expressions;
using Microsoft.Extensions.Logging;

namespace FluentData.Execution;

/// <summary>
/// Tells the host how a transform (or a purge, or a copy) is doing: every batch through <see cref="IProgress{T}"/>,
/// and through the log at most every <see cref="LogInterval"/>, so a long transform is visible
/// without flooding the log. A purge reports its rows deleted as rows done and changed; a copy, its source rows read as rows done and its target rows inserted as changed.
/// </summary>
internal sealed partial class ProgressReporter(
    MigrationIdentity migration, string table, IReadOnlyList<string> columns, object step, long? expected, bool expectedIsEstimate, long resumedRows,
    IProgress<TransformProgress>? progress, ILogger logger)
{
    public ProgressReporter(TransformExpression expression, long? expected, bool expectedIsEstimate, long resumedRows, IProgress<TransformProgress>? progress, ILogger logger)
        : this(expression.Migration, expression.TableName, expression.Columns.ToArray(), expression, expected, expectedIsEstimate, resumedRows, progress, logger)
    {
    }

    public static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(5);

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _lastLog = TimeSpan.Zero;

    public TransformProgress Report(TransformTally total, bool completed)
    {
        var elapsed = _clock.Elapsed;
        var rowsDone = total.Read;
        var rate = elapsed.TotalSeconds > 0 ? (rowsDone - resumedRows) / elapsed.TotalSeconds : 0;
        var report = new TransformProgress(migration, table, columns, rowsDone, total.Changed, expected, expectedIsEstimate, elapsed, rate, completed, total.Redone)
        {
            Kind = step switch { PurgeExpression => "purge", CopyExpression => "copy", _ => "transform" },
        };
        progress?.Report(report);

        if (!completed && elapsed - _lastLog >= LogInterval)
        {
            _lastLog = elapsed;
            if (step is PurgeExpression)
                LogDeleted(migration, step, rowsDone, expected, rate, report.Eta);
            else if (step is CopyExpression)
                LogCopied(migration, step, rowsDone, expected, total.Changed, rate, report.Eta);
            else
                LogProgress(migration, step, rowsDone, expected, total.Changed, total.Redone, rate, report.Eta);
        }

        return report;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Migration}: {Transform}: {RowsDone} of {RowsExpected} rows read, {RowsChanged} changed, {RowsRedone} redone, {RowsPerSecond:F0} rows/s, {Eta} left")]
    private partial void LogProgress(MigrationIdentity migration, object transform, long rowsDone, long? rowsExpected, long rowsChanged, long rowsRedone, double rowsPerSecond, TimeSpan? eta);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Migration}: {Copy}: {RowsDone} of {RowsExpected} rows read, {RowsInserted} inserted, {RowsPerSecond:F0} rows/s, {Eta} left")]
    private partial void LogCopied(MigrationIdentity migration, object copy, long rowsDone, long? rowsExpected, long rowsInserted, double rowsPerSecond, TimeSpan? eta);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Migration}: {Purge}: {RowsDone} of {RowsExpected} rows deleted, {RowsPerSecond:F0} rows/s, {Eta} left")]
    private partial void LogDeleted(MigrationIdentity migration, object purge, long rowsDone, long? rowsExpected, double rowsPerSecond, TimeSpan? eta);
}
