using System.Data;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using FluentData.Execution.Verify;
using FluentData.Expressions;
using FluentMigrator;
using FluentMigrator.Expressions;
using FluentMigrator.Infrastructure;
using FluentMigrator.Runner.Processors;
using Microsoft.Extensions.Logging;

namespace FluentData.Runner.Checkpoints;

/// <summary>
/// Makes a migration without a transaction resumable. Right before FluentMigrator runs the
/// migration's expressions, steps an earlier run completed are left out (a row count taken for a
/// check is given back to the check), an interrupted transform is told where to resume, and each
/// remaining step is followed by a checkpoint. A plan or dry run sees the same remaining steps
/// without writing a checkpoint; a migration in a transaction must have none left over.
/// </summary>
internal sealed partial class ResumableSteps(CheckpointCatalog catalog, ILogger<ResumableSteps> logger, ProcessorOptions? processorOptions = null)
{
    /// <param name="migration">The migration.</param>
    /// <param name="context">Its context, holding the expressions of its Up().</param>
    /// <param name="online">Whether it runs without a transaction.</param>
    /// <param name="preview">A plan or dry run: resume as a run would, but write no checkpoint.</param>
    public void Prepare(MigrationIdentity migration, IMigrationContext context, bool online, bool preview)
    {
        // A dry run wraps the processor in one that never commits; the connection is the one inside.
        if (migration.Version is not { } version || context.QuerySchema is not IMigrationProcessor wrapped || RunProcessorAccessor.Unwrap(wrapped) is not { } processor || processorOptions?.PreviewOnly == true)
            return;

        var connection = (DbConnection)processor.Connection;
        if (connection.State != ConnectionState.Open)
            connection.Open();
        var transaction = (DbTransaction?)processor.Transaction;
        var store = catalog.For(connection);
        if (online && !preview)
            store.EnsureTable(connection, transaction);
        else if (!store.Exists(connection, transaction))
            return;

        var steps = context.Expressions.ToList();
        var fingerprint = Fingerprint(steps);
        var saved = store.Load(connection, transaction, version);
        if (saved.Count > 0 && !online)
        {
            throw new CheckpointMismatchException(
                $"Migration {migration} runs in a transaction now, but an earlier run of it without one was interrupted and left checkpoints " +
                $"({saved.Count(c => c.Completed)} of its steps done, its batches committed). Run in a transaction, it would do those again. Nothing was changed. " +
                "Put TransactionBehavior.None back so the run resumes, or — once you have checked the data by hand — " +
                $"discard the checkpoints with IDataMigrationRunner.DiscardCheckpoints({version}) and run again.")
            {
                Migration = migration,
            };
        }

        if (saved.Count > 0 && saved[0].Fingerprint != fingerprint)
        {
            throw new CheckpointMismatchException(
                $"Migration {migration} was interrupted in an earlier run, and its Up() has changed since: the checkpoints it left " +
                $"({saved.Count(c => c.Completed)} of {steps.Count} steps done) no longer match its expressions. Nothing was changed. " +
                "Put the migration back as it was so the run can resume, or — once you have checked the data by hand — " +
                $"discard its checkpoints with IDataMigrationRunner.DiscardCheckpoints({version}) and run again.")
            {
                Migration = migration,
            };
        }

        if (!online)
            return;

        var ranges = store.LoadRanges(connection, transaction, version);
        if (!preview)
            catalog.Prepared(version);
        context.Expressions.Clear();
        for (var step = 0; step < steps.Count; step++)
        {
            var checkpoint = saved.FirstOrDefault(c => c.Step == step);
            if (checkpoint is { Completed: true })
            {
                if (steps[step] is RowCountBaselineExpression baseline && checkpoint.State is { } state)
                    baseline.Check.Baseline.Rows = CheckpointState.FromJson(state).Baseline;
                if (!preview)
                    LogSkipped(migration, step, steps[step]);
                continue;
            }

            if (steps[step] is TransformExpression transform)
            {
                var resumed = new TransformCheckpoint(store, migration, step, fingerprint, checkpoint, ranges[step]);
                transform.Checkpoint = resumed;
                if (resumed.Parts is { } parts && !preview)
                    LogResumingParts(migration, transform, parts.Count, resumed.RowsDone);
                else if (checkpoint?.LastKey is { } lastKey && !preview)
                    LogResuming(migration, transform, lastKey, checkpoint.RowsDone);
            }

            if (steps[step] is CopyExpression copy)
            {
                copy.Checkpoint = new TransformCheckpoint(store, migration, step, fingerprint, checkpoint);
                if (checkpoint?.LastKey is { } lastKey && !preview)
                    LogResumingCopy(migration, copy, lastKey, checkpoint.RowsDone);
            }

            if (steps[step] is PurgeExpression purge)
            {
                purge.Checkpoint = new TransformCheckpoint(store, migration, step, fingerprint, checkpoint);
                if (checkpoint?.LastKey is { } lastKey && !preview)
                    LogResumingPurge(migration, purge, lastKey, checkpoint.RowsDone);
            }

            context.Expressions.Add(steps[step]);
            if (preview)
                continue;

            var done = new Checkpoint(version, step, fingerprint, Completed: true, checkpoint?.LastKey, checkpoint?.RowsDone ?? 0, checkpoint?.State);
            context.Expressions.Add(steps[step] is RowCountBaselineExpression counted
                ? new CompleteStepExpression(store, () => done with { State = new CheckpointState(Baseline: counted.Check.Baseline.Rows).ToJson() })
                : new CompleteStepExpression(store, () => done));
        }
    }

    /// <summary>
    /// What the migration does, step by step, hashed. A transform's, a purge's or a copy's batch size and
    /// throttle are left out: changing them between runs is safe.
    /// </summary>
    internal static string Fingerprint(IEnumerable<IMigrationExpression> steps)
    {
        var text = new StringBuilder();
        foreach (var step in steps)
        {
            text.Append(step switch
            {
                TransformExpression t =>
                    $"Transform|{t.SchemaName}|{t.TableName}|{string.Join(",", t.Columns)}|{t.TypedFunction?.RowType.FullName}|{t.SqlExpression}|{t.Filter}|{(t.ValueMap is null ? "" : string.Join(";", t.ValueMap))}|{t.HasMapDefault}|{t.MapDefault}",
                PurgeExpression p => $"Purge|{p.SchemaName}|{p.TableName}|{p.Filter}|{p.AllRows}|{p.ArchiveTable}",
                CopyExpression c =>
                    $"Copy|{c.SchemaName}|{c.TableName}|{c.TargetTable}|{(c.SqlColumns is { } columns ? string.Join(";", columns.Select(x => $"{x.Target}={x.Sql}")) : "C#")}|{c.Filter}",
                _ => $"{step.GetType().FullName}|{step}",
            }).Append('\n');
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..32];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Migration}: step {Step} ({Expression}) completed in an earlier run; skipped")]
    private partial void LogSkipped(MigrationIdentity migration, int step, IMigrationExpression expression);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Migration}: {Transform} resumes its {Parts} unfinished parts ({RowsDone} rows done in an earlier run on several connections)")]
    private partial void LogResumingParts(MigrationIdentity migration, TransformExpression transform, int parts, long rowsDone);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Migration}: {Copy} resumes after key {LastKey} ({RowsDone} source rows copied in an earlier run)")]
    private partial void LogResumingCopy(MigrationIdentity migration, CopyExpression copy, string lastKey, long rowsDone);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Migration}: {Purge} resumes after key {LastKey} ({RowsDone} rows deleted in an earlier run)")]
    private partial void LogResumingPurge(MigrationIdentity migration, PurgeExpression purge, string lastKey, long rowsDone);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Migration}: {Transform} resumes after key {LastKey} ({RowsDone} rows done in an earlier run)")]
    private partial void LogResuming(MigrationIdentity migration, TransformExpression transform, string lastKey, long rowsDone);
}
