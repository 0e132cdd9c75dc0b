using System.Data.Common;

namespace FluentData.Execution;

/// <summary>The exceptions of a transform run, worded the same whichever path the run takes.</summary>
internal static class TransformFailures
{
    public static TransformFailedException Failed(TransformPlan plan, FailureOutcome outcome, RowKey? key, string? column, string what, Exception? inner, string? where = null)
    {
        var expression = plan.Expression;
        var left = outcome switch
        {
            FailureOutcome.EarlierBatchesKept => "Batches before this one were committed (the migration runs without a transaction); this batch was not.",
            FailureOutcome.NothingWritten => "Nothing was written: every row is checked before the first batch.",
            _ => "The migration's transaction is rolled back: no row is changed.",
        };
        where ??= $"the row with key {key}";
        return new TransformFailedException(
            $"Transform on {expression.Target} in {expression.Migration} failed on {where}: {what.TrimEnd('.')}. {left}", inner)
        {
            Migration = expression.Migration,
            Table = expression.TableName,
            // A failure of a multi-column transform not tied to one of them names them all.
            Column = column ?? string.Join(", ", expression.Columns),
            Key = key,
        };
    }

    /// <summary>The database refused a write: named by its row when it could be found, else by the key range.</summary>
    public static TransformFailedException Refused(TransformPlan plan, FailureOutcome outcome, string batch, (object?[] Key, Exception Error)? row, Exception error)
    {
        var key = row is { } found ? KeyParts.ToRowKey(plan.Table, found.Key) : null;
        var where = key is not null ? $"the row with key {key}" : batch;
        var cause = row?.Error ?? error;
        return Failed(plan, outcome, key, null, $"the {plan.Dialect.Name} database refused to write {where}: {cause.Message}", cause, where);
    }

    /// <summary>
    /// A concurrent session made the database abort a batch (a serialization failure, a deadlock,
    /// a row moved to another partition while the batch waited for it): online, after its retries;
    /// in the migration's transaction, at once, since the transaction cannot go on.
    /// </summary>
    public static TransformFailedException Conflict(TransformPlan plan, FailureOutcome outcome, string batch, DbException error) =>
        Failed(plan, outcome, null, null,
            $"another session's concurrent write conflicted with {batch} and the {plan.Dialect.Name} database aborted it ({error.Message}). " +
            (outcome == FailureOutcome.EarlierBatchesKept
                ? $"It was tried {BatchTransactions.ConflictTries} times; run the migration again to resume"
                : "Run the migration again, or online ([Migration(v, TransactionBehavior.None)]), where such a batch is simply tried again"),
            error, batch);

    /// <summary>"the batch of keys 1 to 7": a range of keys, as users read keys.</summary>
    public static string Range(TransformPlan plan, object?[]? after, object?[] last, bool inclusive) =>
        after is null
            ? $"the batch of keys up to {KeyParts.ToRowKey(plan.Table, last)}"
            : $"the batch of keys {(inclusive ? "" : "after ")}{KeyParts.ToRowKey(plan.Table, after)} {(inclusive ? "to" : "up to")} {KeyParts.ToRowKey(plan.Table, last)}";

    /// <summary>The table could not be read: usually the filter, which runs as the user wrote it.</summary>
    public static T Reading<T>(TransformPlan plan, Func<T> read) => SqlText.Reading(plan.Expression.Filter, read, (why, e) =>
        new DataMigrationException($"Transform on {plan.Expression.Target} in {plan.Expression.Migration} could not read the table: {why}", e)
        {
            Migration = plan.Expression.Migration,
            Table = plan.Expression.TableName,
        });

    /// <summary>The database refused the write, or the driver refused a value before sending it.</summary>
    public static bool IsRefusal(Exception e) =>
        e is DbException or InvalidCastException or ArgumentException or OverflowException or FormatException;
}
