using System.ComponentModel.DataAnnotations;
using FluentData.Execution;
using FluentMigrator;
using FluentMigrator.Expressions;
using FluentMigrator.Runner.Processors;
using Microsoft.Extensions.DependencyInjection;

namespace FluentData.Expressions;

/// <summary>
/// What a <c>Copy.Rows.From(...).To(...)</c> chain records: both tables, how a source row
/// becomes target rows (SQL columns or a C# function), which rows, and the options.
/// FluentMigrator validates it before the migration runs and executes it in order with the
/// migration's other expressions.
/// </summary>
public sealed class CopyExpression : MigrationExpressionBase, IValidatableObject
{
    private readonly IServiceProvider? _services;

    /// <summary>Creates an empty expression; the fluent builder fills it.</summary>
    /// <param name="migration">The migration the expression belongs to, for messages.</param>
    /// <param name="services">Where the engine is resolved from when the expression runs.</param>
    public CopyExpression(MigrationIdentity migration, IServiceProvider? services)
    {
        ArgumentNullException.ThrowIfNull(migration);
        Migration = migration;
        _services = services;
    }

    /// <summary>The migration that declared this copy.</summary>
    public MigrationIdentity Migration { get; }

    /// <summary>The schema of both tables, or <see langword="null"/> for the connection's default.</summary>
    public string? SchemaName { get; set; }

    /// <summary>The table the rows are read from.</summary>
    public string TableName { get; set; } = "";

    /// <summary>The table the rows are inserted into.</summary>
    public string TargetTable { get; set; } = "";

    /// <summary>Each target column with its value as SQL over the source row, for a copy the database runs; null for a C# mapping.</summary>
    public IReadOnlyList<(string Target, string Sql)>? SqlColumns { get; set; }

    /// <summary>The C# mapping: called once per source row, it inserts zero or more target rows; null for a SQL mapping.</summary>
    public Action<IDataRow, Action<object>>? RowFunction { get; set; }

    /// <summary>The SQL predicate that selects the source rows to copy; null for all.</summary>
    public string? Filter { get; set; }

    /// <summary>How many source rows a batch reads; null for the database's default.</summary>
    public int? BatchSize { get; set; }

    /// <summary>An optional pause between batches.</summary>
    public TimeSpan? Throttle { get; set; }

    /// <summary>How a generated <c>Down()</c> undoes this copy (set by <see cref="AutoReversingDataMigration"/>).</summary>
    internal ReversalKind Reversal { get; set; }

    /// <summary>Set by the runner for a migration without a transaction: where to resume and where to save progress.</summary>
    internal IResumePoint? Checkpoint { get; set; }

    /// <summary>"'customers' to 'addresses'", with the schema when there is one.</summary>
    public string Tables => $"{new Dialects.TableName(SchemaName, TableName)} to {new Dialects.TableName(SchemaName, TargetTable)}";

    /// <inheritdoc />
    public override void ExecuteWith(IMigrationProcessor processor)
    {
        ArgumentNullException.ThrowIfNull(processor);
        var engine = _services?.GetService<CopyEngine>() ?? CopyEngine.Default;
        var timeout = _services?.GetService<ProcessorOptions>()?.Timeout;

        ProcessorOperation.Run(processor, ToString(), (connection, transaction) => engine.Run(this, connection, transaction, timeout));
    }

    /// <summary>
    /// A copy into a table the same <c>Up()</c> creates needs no reversal (the generated
    /// <c>Down()</c> drops the table); into any other table, the rows it inserted cannot be told
    /// from rows inserted since, so there is none.
    /// </summary>
    /// <exception cref="DataMigrationException">Always: the caller leaves out a copy into a table <c>Up()</c> creates.</exception>
    public override IMigrationExpression Reverse() =>
        throw new DataMigrationException(
            $"Copy from {Tables} in {Migration} cannot be reversed exactly: once other rows are inserted into '{TargetTable}', the rows the copy inserted " +
            "cannot be told from them. Nothing was changed. Create the target table earlier in the same Up() (the generated Down() then drops it with " +
            "every row copied), or derive from DataMigration and write Down() yourself.")
        {
            Migration = Migration,
            Table = TargetTable,
        };

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(TableName) || string.IsNullOrWhiteSpace(TargetTable))
        {
            yield return new ValidationResult($"Copy in {Migration} needs both tables: Copy.Rows.From(\"source\").To(\"target\").");
            yield break;
        }

        if ((SqlColumns is null) == (RowFunction is null))
            yield return new ValidationResult($"Copy from {Tables} in {Migration} needs one mapping: .Columns((\"target_column\", \"sql\"), ...) or .Using(row => new {{ ... }}).");
        if (SqlColumns is { Count: 0 })
            yield return new ValidationResult($"Copy from {Tables} in {Migration} names no columns; give .Columns((\"target_column\", \"sql\"), ...) at least one.");
        if (SqlColumns?.FirstOrDefault(c => string.IsNullOrWhiteSpace(c.Target) || string.IsNullOrWhiteSpace(c.Sql)) is { Target: var target } blank && blank != default)
            yield return new ValidationResult($"Copy from {Tables} in {Migration} has a column with no name or no SQL ('{target}'); each needs both.");
        if (SqlColumns?.GroupBy(c => c.Target, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
            yield return new ValidationResult($"Copy from {Tables} in {Migration} sets column '{twice.Key}' twice.");
        if (string.Equals(TableName, TargetTable, StringComparison.OrdinalIgnoreCase))
            yield return new ValidationResult($"Copy from {Tables} in {Migration} copies a table into itself; its batches would read the rows they insert.");
        if (Throttle is { } pause && pause < TimeSpan.Zero)
            yield return new ValidationResult($"Copy from {Tables} in {Migration} has a negative throttle {pause}; ThrottleBy needs zero or more.");
        if (BatchSize is < 1)
            yield return new ValidationResult($"Copy from {Tables} in {Migration} has batch size {BatchSize}; InBatchesOf needs at least 1 row.");
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"Copy {Tables}" + (SqlColumns is { } columns ? $" ({string.Join(", ", columns.Select(c => c.Target))})" : " (C#)") +
        (Filter is null ? "" : $" where {Filter}") + (BatchSize is { } size ? $" in batches of {size}" : "");
}
