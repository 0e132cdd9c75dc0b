using System.Data;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using FluentData.Expressions;
using FluentMigrator.Expressions;
using FluentMigrator.Infrastructure;
using FluentMigrator.Runner.Processors;
using Microsoft.Extensions.Logging;

namespace FluentData.Runner.Checkpoints;

/// <summary>
/// Makes a migration without a transaction resumable. Right before FluentMigrator runs the
/// migration's expressions, steps an earlier run completed are left out, an interrupted
/// transform is told where to resume, and each remaining step is followed by a checkpoint.
/// </summary>
internal sealed partial class ResumableSteps(CheckpointCatalog catalog, ILogger<ResumableSteps> logger, ProcessorOptions? processorOptions = null)
{
    public void Prepare(MigrationIdentity migration, IMigrationContext context)
    {
        if (migration.Version is not { } version || context.QuerySchema is not GenericProcessorBase processor || processorOptions?.PreviewOnly == true)
            return;

        var connection = (DbConnection)processor.Connection;
        if (connection.State != ConnectionState.Open)
            connection.Open();
        var transaction = (DbTransaction?)processor.Transaction;
        var store = catalog.For(connection);
        store.EnsureTable(connection, transaction);

        var steps = context.Expressions.ToList();
        var fingerprint = Fingerprint(steps);
        var saved = store.Load(connection, transaction, version);
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

        catalog.Prepared(version);
        context.Expressions.Clear();
        for (var step = 0; step < steps.Count; step++)
        {
            var checkpoint = saved.FirstOrDefault(c => c.Step == step);
            if (checkpoint is { Completed: true })
            {
                LogSkipped(migration, step, steps[step]);
                continue;
            }

            if (steps[step] is TransformExpression transform)
            {
                transform.Checkpoint = new TransformCheckpoint(store, migration, step, fingerprint, checkpoint);
                if (checkpoint?.LastKey is { } lastKey)
                    LogResuming(migration, transform, lastKey, checkpoint.RowsDone);
            }

            context.Expressions.Add(steps[step]);
            context.Expressions.Add(new CompleteStepExpression(store, new Checkpoint(version, step, fingerprint, Completed: true, checkpoint?.LastKey, checkpoint?.RowsDone ?? 0)));
        }
    }

    /// <summary>
    /// What the migration does, step by step, hashed. A transform's batch size and throttle are
    /// left out: changing them between runs is safe.
    /// </summary>
    internal static string Fingerprint(IEnumerable<IMigrationExpression> steps)
    {
        var text = new StringBuilder();
        foreach (var step in steps)
        {
            text.Append(step is TransformExpression t
                ? $"Transform|{t.SchemaName}|{t.TableName}|{string.Join(",", t.Columns)}|{t.SqlExpression}|{t.Filter}|{(t.ValueMap is null ? "" : string.Join(";", t.ValueMap))}|{t.HasMapDefault}|{t.MapDefault}"
                : $"{step.GetType().FullName}|{step}").Append('\n');
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..32];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Migration}: step {Step} ({Expression}) completed in an earlier run; skipped")]
    private partial void LogSkipped(MigrationIdentity migration, int step, IMigrationExpression expression);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Migration}: {Transform} resumes after key {LastKey} ({RowsDone} rows done in an earlier run)")]
    private partial void LogResuming(MigrationIdentity migration, TransformExpression transform, string lastKey, long rowsDone);
}
