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

    /// <summary>The target columns the copy wrote values into; empty until it has written a row.</summary>
    public IReadOnlyList<ColumnSchema> Written { get; private set; } = [];

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
        Written = columns.Select(c => c.Item1).ToList();
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
            var from = after;
            int Copy(DbTransaction? tx, object?[]? first, object?[] last)
            {
                using var command = Commands.Create(connection, tx, dialect.BuildRangeCopy(source, target.Name, columns, copy.Filter, first is not null), timeout,
                    [.. Commands.Key("after", first), .. Commands.Key("upto", last)]);
                return command.ExecuteNonQuery();
            }

            Write(Range(after, upto, inclusive: false), upto, tally, tx => tally.Read = tally.Changed = Copy(tx, from, upto),
                () => transactions.Locate(tx => KeysOf(tx, from, upto), k => k.Upto, (k, tx) => Copy(tx, k.After, k.Upto), dialect.FailedStatementAbortsTransaction));
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
    /// Copies with a C# mapping: maps a batch of source rows in key order (every value a row
    /// inserts checked against its column) and inserts the rows the batch produced with the
    /// database's bulk path. Where the dialect offers a second connection, the batches after the
    /// first are read and mapped there while this connection inserts — only when nothing the copy
    /// inserts can change what it reads: no Where, no trigger or rule on the target (a read ahead
    /// does not see the rows the batches before it inserted).
    /// </summary>
    public int ThroughMapping(Action<IDataRow, Action<object>> map, int batchSize, TransformTally total, ProgressReporter progress, CancellationToken cancellation)
    {
        var shape = new RowShape(source, copy.Migration, ArrayColumns(source));
        var columns = new CopyTargetColumns(copy, dialect, target, FailureLeaves);
        var row = new DataRow(shape, new ArrayRowSource(_ => { }));
        var batch = new CopiedRows();
        (DbConnection On, DbTransaction? Within) reading = (connection, transaction);
        DataMigrationException? refused = null;
        void Insert(object inserted)
        {
            try
            {
                var (positions, values) = columns.Place(
                    inserted ?? throw Failed(row.Key, null, "the mapping inserted null; to insert no row for a source row, return null from Using(row => ...) or do not call insert", null),
                    row, reading.On, reading.Within);
                batch.Add(positions, values, batch.Read - 1);
            }
            catch (DataMigrationException e)
            {
                refused ??= e;
                throw;
            }
        }

        void Map(IRowSource values)
        {
            batch.Read++;
            row.MoveTo(values);
            refused = null;
            Call(map, row, Insert);

            // A mapping that catches exceptions (to skip rows it cannot map) must not skip a row FluentData refused.
            if (refused is { } refusal)
                throw refusal;
        }

        using var function = MappedInDatabase(shape, Map, batchSize, out var mapped);
        mapped ??= MappedFromReads(shape, Map, batchSize);

        // One batch is mapped at a time, here or on the read ahead's thread: the mapping is never called at once from two.
        CopiedRows Mapped(DbConnection on, DbTransaction? within, object?[]? after)
        {
            lock (columns)
            {
                (batch, reading) = (new CopiedRows(), (on, within));
                (batch.FirstKey, batch.LastKey) = mapped(on, within, after);
                return batch;
            }
        }

        IRowInserter? inserter = null;
        ReadAhead<CopiedRows>? ahead = null;
        var after = transactions.ResumeAfter(source);
        var batches = 0;
        try
        {
            while (true)
            {
                cancellation.ThrowIfCancellationRequested();
                var rows = ahead?.Next() ?? Mapped(connection, transaction, after);
                if (rows.Read == 0)
                    break;

                var from = after;
                if (batches == 0 && rows.Read == batchSize && function is null && ReadsUnaffected() && dialect.OpenReadAhead(connection, transaction, source) is { } second)
                    ahead = new ReadAhead<CopiedRows>(second, (r, key) => Mapped(r.Connection, r.Transaction, key), rows.LastKey!, b => b.Read < batchSize ? null : b.LastKey, new CopiedRows());
                if (rows.Count > 0)
                {
                    inserter ??= dialect.CreateInserter(target, columns.Columns!);
                    Written = columns.Columns!;
                }

                var tally = new TransformTally(0);
                Write(Range(rows.FirstKey, rows.LastKey!, inclusive: true), rows.LastKey!, tally, tx =>
                {
                    tally.Read = rows.Read;
                    tally.Changed = rows.Count > 0 ? inserter!.Insert(connection, tx, rows.Values, rows.Count) : 0;
                }, () =>
                {
                    // The batch's source keys, read again: each target row knows its source row's place in
                    // the batch. If the source rows of the batch changed since (online), places would
                    // name the wrong row: the batch is named instead.
                    var keys = new List<object?[]>();
                    return transactions.Locate(tx =>
                        {
                            keys = KeysOf(tx, from, rows.LastKey!).Select(k => k.Upto).ToList();
                            return keys.Count == rows.Read ? Enumerable.Range(0, rows.Count) : [];
                        },
                        i => rows.SourceRows[i] < keys.Count ? keys[rows.SourceRows[i]] : rows.LastKey!,
                        (i, tx) => inserter!.Insert(connection, tx, rows.Single(i), 1), dialect.FailedStatementAbortsTransaction);
                });
                total.Add(tally);
                batches++;
                progress.Report(total, completed: false);
                after = rows.LastKey;
                if (rows.Read < batchSize)
                    break;

                Pause(cancellation);
            }
        }
        finally
        {
            ahead?.Dispose();
            inserter?.Dispose();
        }

        return batches;
    }

    /// <summary>The table's array columns: a row is read with their text too (<see cref="CheckedValues"/>).</summary>
    private static List<ColumnSchema> ArrayColumns(TableSchema table) => table.Columns.Where(c => c.Kind == ValueKind.Array).ToList();

    /// <summary>
    /// Whether nothing the copy inserts can change the source rows it reads: it has no Where (which
    /// may read the target, directly or through a view or a function), and inserting into the target
    /// runs no trigger or rule.
    /// </summary>
    private bool ReadsUnaffected() => copy.Filter is null && dialect.InsertsOnlyRows(connection, transaction, target);

    /// <summary>Maps the source rows of the batch after a key, read on the given connection, one by one; returns the first and last of their keys.</summary>
    private delegate (object?[]? First, object?[]? Last) MappedBatch(DbConnection on, DbTransaction? within, object?[]? after);

    /// <summary>
    /// Where the database runs in-process (SQLite), the batch's rows are handed to the mapping by
    /// a function the keyset query calls per row, in key order — no row is read into .NET first,
    /// and a column is decoded only when the mapping reads it. Null elsewhere.
    /// </summary>
    private IDisposable? MappedInDatabase(RowShape shape, Action<IRowSource> map, int batchSize, out MappedBatch? mapped)
    {
        var name = $"fluentdata_copy_{Guid.NewGuid():N}";
        Exception? failure = null;
        object?[]? first = null, last = null;
        var registration = dialect.RegisterFunction(connection, name, shape.Layout.Count, 1, (_, values) =>
        {
            try
            {
                // The row's values live only during this call: its key is taken now.
                last = shape.KeyOrdinals.Select(values.Value).ToArray();
                first ??= last;
                map(values);
                return null;
            }
            catch (Exception e)
            {
                // SQLite aborts the statement with the message only; the exception is raised as it was.
                failure = e;
                throw;
            }
        });
        mapped = null;
        if (registration is null)
            return null;

        var arguments = string.Join(", ", shape.Layout.Select(c => dialect.Quote(c.Name)));
        mapped = (on, within, after) =>
        {
            (failure, first, last) = (null, null, null);
            var batch = dialect.BuildSelectBatch(source, shape.Layout, copy.Filter, after is not null);
            using var command = Commands.Create(on, within, $"SELECT {name}({arguments}) FROM ({batch})", timeout, ("@limit", batchSize));
            Commands.AddKey(command, "after", after);
            Reading(() =>
            {
                try
                {
                    using var reader = command.ExecuteReader();
                    while (reader.Read())
                    {
                    }
                }
                catch (DbException) when (failure is not null)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
                }

                return 0;
            });
            return (first, last);
        };
        return registration;
    }

    /// <summary>
    /// Elsewhere, the batch is read into .NET and mapped row by row, every row once: the mapping may
    /// keep state (the values it has seen), so no row is mapped twice. A value .NET cannot hold, or an
    /// array whose bounds it cannot keep, fails the copy only if the mapping reads it.
    /// </summary>
    private MappedBatch MappedFromReads(RowShape shape, Action<IRowSource> map, int batchSize)
    {
        var read = new ArrayRowSource(_ => { });
        var values = new CheckedValues(read, shape, (ordinal, why) => Failed(shape.KeyOf(read), shape.Layout[ordinal].Name,
            $"column '{shape.Layout[ordinal].Name}' ({shape.Layout[ordinal].SqlType}) {why}; copy it with Columns(...), which never leaves the database", null));
        return (on, within, after) =>
        {
            var (rows, count) = ReadBatch(on, within, shape, after, batchSize);
            for (var i = 0; i < count; i++)
            {
                read.MoveTo(rows[i]);
                map(values);
            }

            return count == 0 ? (null, null) : (KeyParts.Of(rows[0], shape.KeyOrdinals), KeyParts.Of(rows[count - 1], shape.KeyOrdinals));
        };
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

    /// <summary>The source rows after <paramref name="after"/> that the filter selects, in key order, at most a batch, laid out as <see cref="RowShape.Layout"/>.</summary>
    private (object?[][] Rows, int Count) ReadBatch(DbConnection on, DbTransaction? within, RowShape shape, object?[]? after, int batchSize)
    {
        using var command = Commands.Create(on, within, dialect.BuildSelectBatch(source, shape.Layout, copy.Filter, after is not null), timeout, ("@limit", batchSize));
        Commands.AddKey(command, "after", after);
        var rows = new object?[Math.Min(batchSize, 1024)][];
        var count = 0;
        Func<ColumnSchema, object?[]?, Exception, object> unreadable = (_, _, e) => new Unreadable(e);
        using var reader = Reading(command.ExecuteReader);
        while (reader.Read())
        {
            var values = new object[shape.Layout.Count];
            RowReading.Values(reader, values, shape.Layout, shape.KeyOrdinals, dialect, unreadable);
            for (var i = 0; i < values.Length; i++)
            {
                if (values[i] is DBNull)
                    values[i] = null!;
            }

            if (count == rows.Length)
                Array.Resize(ref rows, rows.Length * 2);
            rows[count++] = values;
        }

        return (rows, count);
    }

    /// <summary>
    /// Runs one batch's write; online, commits it with the checkpoint at <paramref name="lastKey"/>,
    /// tried again when a concurrent session made the database abort it. A refusal is named with
    /// the batch's source rows.
    /// </summary>
    /// <param name="range">The batch's source rows, in words.</param>
    /// <param name="lastKey">The key its checkpoint is saved at.</param>
    /// <param name="tally">What the write counts.</param>
    /// <param name="write">The batch's statements.</param>
    /// <param name="locate">After a refusal: the source row whose target rows the database refuses, found by writing them one source row at a time where that is possible.</param>
    private void Write(string range, object?[] lastKey, TransformTally tally, Action<DbTransaction?> write, Func<(object?[] Key, Exception Error)?> locate)
    {
        try
        {
            transactions.RetryingConflicts(dialect, () => transactions.Write(write, lastKey, tally));
        }
        catch (DbException e)
        {
            var conflict = dialect.IsConflict(e);
            var row = conflict ? null : locate();
            var where = row is { } found ? $"source row {KeyParts.ToRowKey(source, found.Key)}" : range;
            var cause = row?.Error ?? e;
            var why = conflict
                ? "another session's concurrent write conflicted with it" + (transactions.Online ? $" {BatchTransactions.ConflictTries} times" : "")
                : $"the {dialect.Name} database refused it";
            var hint = conflict ? "" :
                $" A NOT NULL column of '{copy.TargetTable}' the copy does not set, a unique key or foreign key of it, a trigger or a value its column cannot take does this" +
                (copy.SqlColumns is null ? "." : "; the SQL of Columns(...) is run as written, in the database's SQL.");
            throw new DataMigrationException($"Copy from {copy.Tables} in {copy.Migration} failed on {where}: {why}: {cause.Message.TrimEnd('.')}.{hint} {FailureLeaves}", e)
            {
                Migration = copy.Migration,
                Table = copy.TargetTable,
                Key = row is { } refused ? KeyParts.ToRowKey(source, refused.Key) : null,
            };
        }
    }

    /// <summary>The source keys in (<paramref name="after"/>, <paramref name="upto"/>] the filter selects, each with the key before it.</summary>
    private List<(object?[]? After, object?[] Upto)> KeysOf(DbTransaction? within, object?[]? after, object?[] upto)
    {
        using var command = Commands.Create(connection, within, dialect.BuildRangeKeys(source, copy.Filter, after is not null), timeout,
            [.. Commands.Key("after", after), .. Commands.Key("upto", upto)]);
        var keys = new List<(object?[]?, object?[])>();
        using var reader = command.ExecuteReader();
        var previous = after;
        while (reader.Read())
        {
            var key = KeyParts.FromReader(reader);
            keys.Add((previous, key));
            previous = key;
        }

        return keys;
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

    private TransformFailedException Failed(RowKey? key, string? column, string why, Exception? inner) =>
        new($"Copy from {copy.Tables} in {copy.Migration} failed on {(key is null ? "a source row" : $"source row {key}")}: {why}. {FailureLeaves}", inner)
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
    public T Reading<T>(Func<T> read) => SqlText.Reading(copy.Filter, read, (why, e) =>
        new DataMigrationException($"Copy from {copy.Tables} in {copy.Migration} could not read {source.Name} in the {dialect.Name} database: {why} {FailureLeaves}", e)
        {
            Migration = copy.Migration,
            Table = copy.TableName,
        });

    /// <summary>
    /// A row whose values the mapping may read only where .NET holds them exactly: a value no read
    /// could turn into .NET (<see cref="Unreadable"/>), or an array with bounds other than 1
    /// (<c>[0:1]={a,b}</c>), which .NET reads as one starting at 0 and would be copied as
    /// <c>{a,b}</c>, is refused when read. An array's text, which shows the bounds, is read with it.
    /// </summary>
    private sealed class CheckedValues(ArrayRowSource row, RowShape shape, Func<int, string, Exception> inexact) : IRowSource
    {
        // The shape's "targets" are the table's array columns (ArrayColumns), each with its text.
        private readonly Dictionary<int, int> _texts = ArrayColumns(shape.Table)
            .Select((column, i) => (Column: shape.Table.IndexOf(column), Text: shape.StoredTextOrdinals[i]))
            .Where(a => a.Text >= 0)
            .ToDictionary(a => a.Column, a => a.Text);

        public object? Value(int ordinal)
        {
            var value = row.Value(ordinal);
            if (value is Unreadable unreadable)
                throw inexact(ordinal, $"holds a value .NET cannot represent exactly ({unreadable.Error.Message})");
            if (value is not null && _texts.TryGetValue(ordinal, out var text) && row.Value(text) is string stored && stored.StartsWith('['))
                throw inexact(ordinal, $"holds {stored}, whose bounds a .NET array cannot keep");
            return value;
        }
    }

    /// <summary>A value the driver and the dialect could not read, in place of the value: an error only if the mapping reads it.</summary>
    private sealed record Unreadable(Exception Error);
}
