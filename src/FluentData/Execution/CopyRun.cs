using System.Data.Common;
using FluentData.Dialects;
using FluentData.Expressions;

namespace FluentData.Execution;

/// <summary>
/// One run of a copy whose tables have been read: the batch loops of both mappings, sharing how a
/// batch is written (with its checkpoint online, tried again after a conflict) and how a failure
/// is named (migration, both tables, source key range, what is left behind).
/// </summary>
internal sealed class CopyRun(
    CopyExpression copy, IDataDialect dialect, DbConnection connection, DbTransaction? transaction, TimeSpan? timeout,
    TableSchema source, TableSchema target, BatchTransactions transactions)
{
    public BatchTransactions Transactions => transactions;

    private string FailureLeaves => transactions.Online
        ? "Batches before this one were committed (the migration runs without a transaction); this batch was not."
        : "The migration's transaction is rolled back: no row is copied.";

    /// <summary>
    /// Copies with SQL columns: one <c>INSERT ... SELECT</c> per key range of the source, computed
    /// by the database; each range is about a batch of source rows.
    /// </summary>
    public int InDatabase(IReadOnlyList<(string Target, string Sql)> sql, int batchSize, TransformTally total, ProgressReporter progress, CancellationToken cancellation)
    {
        var columns = sql.Select(c => (TargetColumn(c.Target), c.Sql)).ToList();
        var after = transactions.ResumeAfter(source);
        var ranges = new KeyRanges(dialect, source, batchSize, null,
            (query, from, more) => Reading(() => KeyParts.ReadFirst(connection, transaction, timeout, query, from, more)));
        var batches = 0;
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            var (upto, last) = ranges.Next(after);
            if (upto is null)
                break;

            var tally = new TransformTally(0);
            var statement = dialect.BuildRangeCopy(source, target.Name, columns, copy.Filter, after is not null);
            var from = after;
            Write(Range(after, upto, inclusive: false), upto, tally, tx =>
            {
                using var command = Commands.Create(connection, tx, statement, timeout, [.. Commands.Key("after", from), .. Commands.Key("upto", upto)]);
                tally.Read = tally.Changed = command.ExecuteNonQuery();
            });
            ranges.Counted(tally.Read);
            total.Add(tally);
            batches++;
            progress.Report(total, completed: false);
            if (last)
                break;

            after = upto;
            Pause(cancellation);
        }

        return batches;
    }

    /// <summary>
    /// Copies with a C# mapping: reads a batch of source rows in key order, calls the mapping on
    /// each (every value it inserts checked against its column), and inserts the batch's rows with
    /// the database's bulk path.
    /// </summary>
    public int ThroughMapping(Action<IDataRow, Action<object>> map, int batchSize, TransformTally total, ProgressReporter progress, CancellationToken cancellation)
    {
        var shape = new RowShape(source, copy.Migration);
        var values = new ArrayRowSource(_ => { });
        var row = new DataRow(shape, values);
        var produced = new CopiedRows(copy, dialect, target, FailureLeaves);
        void Insert(object inserted) => produced.Add(
            inserted ?? throw Failed(row.Key, null, "the mapping inserted null; to insert no row for a source row, return null from Using(row => ...) or do not call insert", null),
            row, connection, transaction);

        IRowInserter? inserter = null;
        var after = transactions.ResumeAfter(source);
        var batches = 0;
        try
        {
            while (true)
            {
                cancellation.ThrowIfCancellationRequested();
                var (rows, count) = ReadBatch(shape, after, batchSize);
                if (count == 0)
                    break;

                produced.Clear();
                for (var i = 0; i < count; i++)
                {
                    values.MoveTo(rows[i]);
                    row.MoveTo(values);
                    Call(map, row, Insert);
                }

                if (produced.Count > 0)
                    inserter ??= dialect.CreateInserter(target, produced.Columns!);
                var first = KeyParts.Of(rows[0], shape.KeyOrdinals);
                var last = KeyParts.Of(rows[count - 1], shape.KeyOrdinals);
                var tally = new TransformTally(0);
                Write(Range(first, last, inclusive: true), last, tally, tx =>
                {
                    tally.Read = count;
                    tally.Changed = produced.Count > 0 ? inserter!.Insert(connection, tx, produced.Values, produced.Count) : 0;
                });
                total.Add(tally);
                batches++;
                progress.Report(total, completed: false);
                after = last;
                if (count < batchSize)
                    break;

                Pause(cancellation);
            }
        }
        finally
        {
            inserter?.Dispose();
        }

        return batches;
    }

    /// <summary>The user's mapping on one row; anything it throws is named with the row, unless it already names it.</summary>
    private void Call(Action<IDataRow, Action<object>> map, DataRow row, Action<object> insert)
    {
        try
        {
            map(row, insert);
        }
        catch (Exception e) when (e is not DataMigrationException and not OperationCanceledException)
        {
            throw Failed(row.Key, null, $"the mapping threw {e.GetType().Name}: {e.Message}", e);
        }
    }

    /// <summary>The source rows after <paramref name="after"/> that the filter selects, every column, in key order, at most a batch.</summary>
    private (object?[][] Rows, int Count) ReadBatch(RowShape shape, object?[]? after, int batchSize)
    {
        using var command = Commands.Create(connection, transaction, dialect.BuildSelectBatch(source, shape.Layout, copy.Filter, after is not null), timeout, ("@limit", batchSize));
        Commands.AddKey(command, "after", after);
        var rows = new object?[batchSize][];
        var count = 0;
        var buffer = new object[shape.Layout.Count];
        using var reader = Reading(command.ExecuteReader);
        while (reader.Read())
        {
            GetValues(reader, buffer, shape);
            var values = new object?[buffer.Length];
            for (var i = 0; i < buffer.Length; i++)
                values[i] = buffer[i] is DBNull ? null : buffer[i];
            rows[count++] = values;
        }

        return (rows, count);
    }

    /// <summary>A row's values; one the driver cannot read as its .NET type is read the dialect's way, or named with its column and key.</summary>
    private void GetValues(DbDataReader reader, object[] buffer, RowShape shape)
    {
        try
        {
            reader.GetValues(buffer);
            return;
        }
        catch (Exception e) when (e is InvalidCastException or OverflowException or FormatException or ArgumentException)
        {
        }

        for (var i = 0; i < buffer.Length; i++)
        {
            var column = shape.Layout[i];
            try
            {
                buffer[i] = reader.IsDBNull(i) ? DBNull.Value : dialect.ReadValue(reader, i, column);
            }
            catch (Exception e) when (e is InvalidCastException or OverflowException or FormatException or ArgumentException)
            {
                var key = KeyParts.ToRowKey(source, shape.KeyOrdinals.Select(k => reader.IsDBNull(k) ? null : reader.GetValue(k)).ToArray());
                throw Failed(key, column.Name,
                    $"column '{column.Name}' ({column.SqlType}) of {source.Name} holds a value .NET cannot represent exactly ({e.Message}); copy it with Columns(...), which never leaves the database", e);
            }
        }
    }

    /// <summary>
    /// Runs one batch's write; online, commits it with the checkpoint at <paramref name="lastKey"/>,
    /// tried again when a concurrent session made the database abort it. A refusal is named with
    /// the batch's source rows.
    /// </summary>
    private void Write(string range, object?[] lastKey, TransformTally tally, Action<DbTransaction?> write)
    {
        try
        {
            transactions.RetryingConflicts(dialect, () => transactions.Write(write, lastKey, tally));
        }
        catch (DbException e)
        {
            var why = dialect.IsConflict(e)
                ? "another session's concurrent write conflicted with it" + (transactions.Online ? $" {BatchTransactions.ConflictTries} times" : "")
                : $"the {dialect.Name} database refused it";
            var hint = dialect.IsConflict(e) ? "" :
                $" A NOT NULL column of '{copy.TargetTable}' the copy does not set, a unique key or foreign key of it, a trigger or a value its column cannot take does this" +
                (copy.SqlColumns is null ? "." : "; the SQL of Columns(...) is run as written, in the database's SQL.");
            throw new DataMigrationException($"Copy from {copy.Tables} in {copy.Migration} failed on {range}: {why}: {e.Message.TrimEnd('.')}.{hint} {FailureLeaves}", e)
            {
                Migration = copy.Migration,
                Table = copy.TargetTable,
            };
        }
    }

    private string Range(object?[]? first, object?[] last, bool inclusive) => first is null
        ? $"the source rows up to key {KeyParts.ToRowKey(source, last)}"
        : $"the source rows {(inclusive ? "from" : "after")} key {KeyParts.ToRowKey(source, first)} up to {KeyParts.ToRowKey(source, last)}";

    /// <summary>A target column of the SQL mapping: it exists, and the database lets it be written.</summary>
    private ColumnSchema TargetColumn(string name)
    {
        var column = target.Find(name) ?? throw Refused(name,
            $"names column '{name}', which table {target.Name} does not have. Its columns are: {string.Join(", ", target.Columns.Select(c => c.Name))}");
        return column.IsGenerated
            ? throw Refused(column.Name, $"sets '{column.Name}', which the database generates itself and will not let anyone write. Leave it out of Columns(...)")
            : column;
    }

    private TableSchemaException Refused(string column, string why) => new($"Copy from {copy.Tables} in {copy.Migration} {why}. Nothing was changed.")
    {
        Migration = copy.Migration,
        Table = copy.TargetTable,
        Column = column,
    };

    private TransformFailedException Failed(RowKey key, string? column, string why, Exception? inner) =>
        new($"Copy from {copy.Tables} in {copy.Migration} failed on source row {key}: {why}. {FailureLeaves}", inner)
        {
            Migration = copy.Migration,
            Table = copy.TableName,
            Column = column,
            Key = key,
        };

    private void Pause(CancellationToken cancellation)
    {
        if (copy.Throttle is { } pause)
            cancellation.WaitHandle.WaitOne(pause);
    }

    /// <summary>Runs a read of the source; a failure (a Where the database cannot run) is named with the copy.</summary>
    public T Reading<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (DbException e)
        {
            var filter = copy.Filter is null ? "" : $" Check the filter Where(\"{copy.Filter}\"): it is run as written, in the database's SQL.";
            throw new DataMigrationException($"Copy from {copy.Tables} in {copy.Migration} could not read {source.Name} in the {dialect.Name} database: {e.Message.TrimEnd('.')}.{filter} {FailureLeaves}", e)
            {
                Migration = copy.Migration,
                Table = copy.TableName,
            };
        }
    }
}
