using System.Data;
using System.Data.Common;
using System.Globalization;
using FluentData.Dialects;
using FluentData.Dialects.Sqlite;
using FluentData.Expressions;
using FluentData.Runner;

namespace FluentData.Execution.Verify;

/// <summary>
/// Runs a check in the database: counts the rows that break it and names up to
/// <see cref="SampleSize"/> of them by key. Nothing travels but counts and keys.
/// </summary>
internal sealed class VerifyEngine(IEnumerable<IDataDialect> dialects, RunJournal? journal = null, RunControl? control = null)
{
    public const int SampleSize = 10;

    private readonly IDataDialect[] _dialects = dialects.ToArray();

    public static VerifyEngine Default { get; } = new([new SqliteDialect()]);

    public void Run(VerifyExpression check, DbConnection connection, DbTransaction? transaction, TimeSpan? timeout)
    {
        var (dialect, table) = Resolve(check, connection, transaction);

        if (check.Check == VerifyCheck.RowCountIsUnchanged)
        {
            var now = Scalar(connection, transaction, timeout, dialect.BuildCount(table, null));
            if (check.Baseline.Rows is not { } before)
            {
                Fail(check, 0, [], "its row count from when the migration started is unknown (no count was taken before it), so it cannot be checked");
                return;
            }

            if (before != now)
                Fail(check, Math.Abs(now - before), [], $"it had {before:N0} rows when the migration started and has {now:N0} now");
            else
                Pass(check);
            return;
        }

        var condition = Condition(check, dialect, table);
        var offending = Scalar(connection, transaction, timeout, dialect.BuildCount(table, condition));
        if (offending == 0)
        {
            Pass(check);
            return;
        }

        var keys = new List<RowKey>();
        if (table.KeyColumns.Count > 0)
        {
            using var command = Command(connection, transaction, timeout, dialect.BuildFindKeys(table, condition));
            Commands.Add(command, "@limit", SampleSize);
            using var reader = command.ExecuteReader();
            while (reader.Read())
                keys.Add(KeyParts.ToRowKey(table, Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i)).ToArray()));
        }

        var sample = keys.Count == 0 ? "" : $" (keys {string.Join(", ", keys)}{(offending > keys.Count ? ", ..." : "")})";
        Fail(check, offending, keys, $"{offending:N0} rows break it{sample}");
    }

    public long Count(VerifyExpression check, DbConnection connection, DbTransaction? transaction)
    {
        var (dialect, table) = Resolve(check, connection, transaction);
        return Scalar(connection, transaction, null, dialect.BuildCount(table, null));
    }

    private (IDataDialect Dialect, TableSchema Table) Resolve(VerifyExpression check, DbConnection connection, DbTransaction? transaction)
    {
        var dialect = _dialects.For(connection, $"Verify on '{check.TableName}' in {check.Migration}", check.Migration, check.TableName);
        var table = KeyedTables.Read(dialect, connection, transaction, new TableName(check.SchemaName, check.TableName), "Verify", check.Migration, requireKey: false);
        return (dialect, table);
    }

    private static string Condition(VerifyExpression check, IDataDialect dialect, TableSchema table)
    {
        if (check.Check == VerifyCheck.HasNoRows)
            return check.Predicate!;

        var column = table.Find(check.ColumnName!)
            ?? throw new TableSchemaException(
                $"Verify in {check.Migration} checks column '{check.ColumnName}', which table {table.Name} does not have. " +
                $"Its columns are: {string.Join(", ", table.Columns.Select(c => c.Name))}.")
            {
                Migration = check.Migration,
                Table = check.TableName,
                Column = check.ColumnName,
            };
        var quoted = dialect.Quote(column.Name);
        return check.Check == VerifyCheck.HasNoNulls
            ? $"{quoted} IS NULL"
            : $"{quoted} IN (SELECT {quoted} FROM {dialect.QuoteTable(table.Name)} GROUP BY {quoted} HAVING COUNT(*) > 1)";
    }

    private void Pass(VerifyExpression check) => journal?.Verified(new VerificationResult(check.Migration, check.Description, true, 0, []));

    /// <summary>A failed check fails the migration; in a dry run it is reported and the run goes on.</summary>
    private void Fail(VerifyExpression check, long offending, IReadOnlyList<RowKey> keys, string what)
    {
        journal?.Verified(new VerificationResult(check.Migration, check.Description, false, offending, keys));
        if (control?.DryRun != true)
            throw Failed(check, offending, keys, what);
    }

    private static VerificationFailedException Failed(VerifyExpression check, long offending, IReadOnlyList<RowKey> keys, string what) =>
        new($"Verify in {check.Migration} failed: {check.Description}, but {what}. The migration fails; in a transaction nothing it did is kept and its version is not recorded.", null)
        {
            Migration = check.Migration,
            Table = check.TableName,
            Column = check.ColumnName,
            Check = check.Description,
            OffendingRows = offending,
            SampleKeys = keys,
        };

    private static long Scalar(DbConnection connection, DbTransaction? transaction, TimeSpan? timeout, string sql)
    {
        using var command = Command(connection, transaction, timeout, sql);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, TimeSpan? timeout, string sql) =>
        Commands.Create(connection, transaction, sql, timeout);
}
