using System.Data.Common;
using FluentData.Dialects;
using FluentData.Execution;
using FluentData.Expressions;
using FluentMigrator.Expressions;
using FluentMigrator.Infrastructure;
using FluentMigrator.Runner.Processors;
using Microsoft.Extensions.DependencyInjection;

namespace FluentData.Runner;

/// <summary>
/// Asks each pending migration for its expressions without running them and describes each; a
/// transform's rows are counted by the database as it is now — after its checkpoint when an
/// interrupted online run left one — and a step that cannot run is said to fail, and why. Tables
/// and columns the plan's earlier steps create count as there.
/// </summary>
internal sealed class MigrationPlanner(GenericProcessorBase processor, IDataDialect dialect, IServiceProvider services, string? connectionString)
{
    private readonly HashSet<string> _createdTables = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _createdColumns = new(StringComparer.OrdinalIgnoreCase);

    private DbConnection Connection => (DbConnection)processor.Connection;

    private DbTransaction? Transaction => (DbTransaction?)processor.Transaction;

    public PlannedMigration Plan(IMigrationInfo info)
    {
        var context = new MigrationContext(processor, services, connectionString);
        info.Migration.GetUpExpressions(context);
        return new PlannedMigration(info.Version, info.Migration.GetType().Name, info.Description, info.TransactionBehavior,
            context.Expressions.Where(e => e is not AlterTableExpression).Select(Describe).ToList());
    }

    /// <summary>One step; <c>Alter.Table(t)</c> is left out, as it does nothing by itself (its AddColumn is the step).</summary>
    private PlannedStep Describe(IMigrationExpression expression)
    {
        switch (expression)
        {
            case TransformExpression t:
                return Counted(t);
            case PurgeExpression p:
                return Counted(p);
            case CopyExpression c:
                return Counted(c);
            case SeedExpression s:
                return Counted(s);
            case VerifyExpression v:
                return new PlannedStep("verify", v.Description, v.TableName, v.ColumnName is null ? [] : [v.ColumnName], v.Predicate, null, null);
            case CreateTableExpression table:
                _createdTables.Add(table.TableName);
                foreach (var column in table.Columns)
                    _createdColumns.Add($"{table.TableName}.{column.Name}");
                break;
            case CreateColumnExpression column:
                _createdColumns.Add($"{column.TableName}.{column.Column.Name}");
                break;
        }

        return new PlannedStep("schema", expression.ToString() ?? expression.GetType().Name, null, [], null, null, null);
    }

    /// <summary>A purge: the rows it will delete, counted now (after its checkpoint when an interrupted run left one).</summary>
    private PlannedStep Counted(PurgeExpression p)
    {
        PlannedStep Step(long? rows, string? note, bool fails = false) => new("purge", p.ToString(), p.TableName, [], p.Filter, rows, note, fails);

        var name = new TableName(p.SchemaName, p.TableName);
        var table = dialect.ReadSchema(Connection, Transaction, name);
        if (table is null)
        {
            var (note, fails) = Absent(name);
            return Step(null, note, fails);
        }

        if (table.KeyColumns.Count == 0)
            return Step(null, "will fail: the table has no primary key and no unique index over NOT NULL columns to delete it by in batches", fails: true);

        try
        {
            var after = ResumePoint(p.Checkpoint, table);
            return Step(CountRows(p.Filter, table, after, null), after is null ? null : $"resumes after key {KeyParts.ToRowKey(table, after)}, {p.Checkpoint!.RowsDone} rows deleted in an earlier run");
        }
        catch (DbException e)
        {
            return Step(null, NotCounted(e));
        }
    }

    /// <summary>
    /// A copy: the source rows it will read, counted now (after its checkpoint when an interrupted
    /// run left one); with SQL columns it inserts one row for each, a C# mapping decides per row.
    /// </summary>
    private PlannedStep Counted(CopyExpression c)
    {
        PlannedStep Step(long? rows, string? note, bool fails = false) =>
            new("copy", c.ToString(), c.TableName, c.SqlColumns?.Select(x => x.Target).ToList() ?? [], c.Filter, rows, note, fails);

        var targetName = new TableName(c.SchemaName, c.TargetTable);
        if (dialect.ReadSchema(Connection, Transaction, targetName) is null && !_createdTables.Contains(targetName.Name))
            return Step(null, $"will fail: table {targetName} does not exist and no earlier step creates it", fails: true);

        var name = new TableName(c.SchemaName, c.TableName);
        var table = dialect.ReadSchema(Connection, Transaction, name);
        if (table is null)
        {
            var (note, fails) = Absent(name);
            return Step(null, note, fails);
        }

        if (table.KeyColumns.Count == 0)
            return Step(null, "will fail: the table has no primary key and no unique index over NOT NULL columns to read it by in batches", fails: true);

        var inserts = c.SqlColumns is null ? "the C# mapping inserts zero or more rows for each; DryRun() counts them" : "one row is inserted for each";
        try
        {
            var after = ResumePoint(c.Checkpoint, table);
            return Step(CountRows(c.Filter, table, after, null), after is null
                ? $"source rows to read; {inserts}"
                : $"source rows left to read after key {KeyParts.ToRowKey(table, after)}, {c.Checkpoint!.RowsDone} read in an earlier run; {inserts}");
        }
        catch (DbException e)
        {
            return Step(null, NotCounted(e));
        }
    }

    /// <summary>
    /// A seed: its rows, and what it would do with them, decided by the database from the rows
    /// staged in a temporary table (the table itself is not written): how many it would insert,
    /// update and leave as they are, and how many rows of the table it does not name.
    /// </summary>
    private PlannedStep Counted(SeedExpression s)
    {
        PlannedStep Step(long? rows, string? note, bool fails = false) => new("seed", s.ToString(), s.TableName, s.KeyColumns, null, rows, note, fails);

        var name = new TableName(s.SchemaName, s.TableName);
        if (dialect.ReadSchema(Connection, Transaction, name) is null)
        {
            var (note, fails) = Absent(name);
            return Step(null, fails ? note : "the table is created by an earlier step; every row is inserted", fails);
        }

        try
        {
            var engine = services.GetService<SeedEngine>() ?? SeedEngine.Default;
            var (rows, outcome) = Undoable(() => engine.Preview(s, Connection, Transaction));
            var others = outcome.Others == 0 ? ""
                : $"; {outcome.Others} rows of the table are not in the seed ({string.Join(", ", outcome.OtherKeys)}{(outcome.Others > outcome.OtherKeys.Count ? ", …" : "")}), " +
                  (s.DeleteOthers ? "deleted" : "kept: .DeleteOthers() deletes them");
            return Step(rows, $"{outcome.Inserted} to insert, {outcome.Updated} to update, {outcome.Unchanged} unchanged{others}");
        }
        catch (Exception e) when (e is DataMigrationException or DbException)
        {
            return Step(null, $"will fail: {e.Message}", fails: true);
        }
    }

    private PlannedStep Counted(TransformExpression t)
    {
        IReadOnlyList<string> columns = t.Columns.ToList();
        PlannedStep Step(long? rows, string? note, bool fails = false) =>
            new("transform", t.ToString(), t.TableName, columns, t.Filter, rows, note, fails);

        var name = new TableName(t.SchemaName, t.TableName);
        var table = dialect.ReadSchema(Connection, Transaction, name);
        if (table is null)
        {
            var (note, fails) = Absent(name);
            return Step(null, note, fails);
        }

        // Unless an earlier step adds a column to the table: then its properties are matched when it runs.
        if (t.TypedFunction is { } typed && t.RowFunction is null && !_createdColumns.Any(c => c.StartsWith($"{t.TableName}.", StringComparison.OrdinalIgnoreCase)))
        {
            // A typed transform's columns are its type's, matched to the table as the run will.
            try
            {
                var targets = typed.Bind(t, table).Targets;
                columns = t.Columns.Count > 0 ? columns : targets;
            }
            catch (DataMigrationException e)
            {
                return Step(null, $"will fail: {e.Message}", fails: true);
            }
        }

        var missing = t.Columns.Where(c => table.Find(c) is null).ToList();
        if (missing.FirstOrDefault(c => !_createdColumns.Contains($"{t.TableName}.{c}")) is { } unknown)
            return Step(null, $"will fail: column '{unknown}' does not exist and no earlier step adds it", fails: true);
        if (table.KeyColumns.Count == 0)
            return Step(null, "will fail: the table has no primary key and no unique index over NOT NULL columns to read it by", fails: true);
        if (t.ValueMap is not null && Refused(t) is { } refusal)
            return Step(null, $"will fail: {refusal}", fails: true);

        try
        {
            if (t.Checkpoint?.Parts is { } parts)
            {
                var left = parts.Sum(p => CountRows(t.Filter, table, p.ResumeAfter(table), p.Until(table)));
                return Step(left, $"resumes the {parts.Count} unfinished parts of an earlier run on several connections, {t.Checkpoint.RowsDone} rows done");
            }

            var after = ResumePoint(t.Checkpoint, table);
            return Step(CountRows(t.Filter, table, after, null), after is null ? null : $"resumes after key {KeyParts.ToRowKey(table, after)}, {t.Checkpoint!.RowsDone} rows done in an earlier run");
        }
        catch (DbException e)
        {
            return Step(null, NotCounted(e));
        }
        catch (CheckpointMismatchException e)
        {
            return Step(null, $"will fail: {e.Message}", fails: true);
        }
    }

    /// <summary>What a step on a table that does not exist yet says: fine when an earlier step creates it.</summary>
    private (string Note, bool Fails) Absent(TableName name) => _createdTables.Contains(name.Name)
        ? ("the table is created by an earlier step; rows not counted", false)
        : ($"will fail: table {name} does not exist and no earlier step creates it", true);

    private static string NotCounted(DbException e) => $"rows not counted: {e.Message.TrimEnd('.')} (does the filter use a column an earlier step adds?)";

    /// <summary>Rows the filter selects after <paramref name="after"/> and up to <paramref name="until"/>, each when given.</summary>
    private long CountRows(string? filter, TableSchema table, object?[]? after, object?[]? until)
    {
        var bounds = new[] { filter is null ? null : SqlText.Grouped(filter), after is null ? null : dialect.KeyCompare(table, ">", "after"), until is null ? null : dialect.KeyCompare(table, "<=", "until") };
        var condition = bounds.Any(b => b is not null) ? string.Join(" AND ", bounds.Where(b => b is not null)) : null;
        using var command = Commands.Create(Connection, Transaction, dialect.BuildCount(table, condition), null, [.. Commands.Key("after", after), .. Commands.Key("until", until)]);

        return Undoable(() => Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Runs a read of the plan behind a savepoint: one that fails (a filter on a column an earlier
    /// step adds, a seed's bad row) must not abort the plan's transaction on PostgreSQL, or every
    /// later step would fail to be described.
    /// </summary>
    private T Undoable<T>(Func<T> read)
    {
        var savepoint = Transaction is { SupportsSavepoints: true } transaction ? transaction : null;
        savepoint?.Save(PlanSavepoint);
        try
        {
            var result = read();
            savepoint?.Release(PlanSavepoint);
            return result;
        }
        catch (Exception e) when (e is DbException or DataMigrationException)
        {
            savepoint?.Rollback(PlanSavepoint);
            throw;
        }
    }

    private const string PlanSavepoint = "fluentdata_plan";

    private static object?[]? ResumePoint(IResumePoint? checkpoint, TableSchema table)
    {
        try
        {
            return checkpoint?.ResumeAfter(table);
        }
        catch (DataMigrationException)
        {
            return null;
        }
    }

    /// <summary>A map whose keys or values the column cannot hold.</summary>
    private string? Refused(TransformExpression t)
    {
        try
        {
            MapSql.Build(TransformPlan.Create(t, dialect, Connection, Transaction));
            return null;
        }
        catch (DataMigrationException e)
        {
            return e.Message;
        }
    }
}
