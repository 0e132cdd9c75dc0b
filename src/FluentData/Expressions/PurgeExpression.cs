using System.ComponentModel.DataAnnotations;
using FluentData.Execution;
using FluentMigrator;
using FluentMigrator.Expressions;
using FluentMigrator.Runner.Processors;
using Microsoft.Extensions.DependencyInjection;

namespace FluentData.Expressions;

/// <summary>
/// What a <c>Purge.Table(...)</c> chain records: the table, which rows, and the options.
/// FluentMigrator validates it before the migration runs and executes it in order with the
/// migration's other expressions.
/// </summary>
public sealed class PurgeExpression : MigrationExpressionBase, IValidatableObject
{
    private readonly IServiceProvider? _services;

    /// <summary>Creates an empty expression; the fluent builder fills it.</summary>
    /// <param name="migration">The migration the expression belongs to, for messages.</param>
    /// <param name="services">Where the engine is resolved from when the expression runs.</param>
    public PurgeExpression(MigrationIdentity migration, IServiceProvider? services)
    {
        ArgumentNullException.ThrowIfNull(migration);
        Migration = migration;
        _services = services;
    }

    /// <summary>The migration that declared this purge.</summary>
    public MigrationIdentity Migration { get; }

    /// <summary>The table's schema, or <see langword="null"/> for the connection's default.</summary>
    public string? SchemaName { get; set; }

    /// <summary>The table whose rows are deleted.</summary>
    public string TableName { get; set; } = "";

    /// <summary>The SQL predicate that selects the rows to delete.</summary>
    public string? Filter { get; set; }

    /// <summary>Whether the purge deletes every row, as it must say when it has no <see cref="Filter"/>.</summary>
    public bool AllRows { get; set; }

    /// <summary>How many rows a batch deletes; null for the database's default.</summary>
    public int? BatchSize { get; set; }

    /// <summary>An optional pause between batches.</summary>
    public TimeSpan? Throttle { get; set; }

    /// <summary>The table, in the same schema, that the rows are moved to instead of dropped; null to drop them.</summary>
    public string? ArchiveTable { get; set; }

    /// <summary>How a generated <c>Down()</c> undoes this purge (set by <see cref="AutoReversingDataMigration"/>).</summary>
    internal ReversalKind Reversal { get; set; }

    /// <summary>Set by the runner for a migration without a transaction: where to resume and where to save progress.</summary>
    internal IResumePoint? Checkpoint { get; set; }

    /// <summary>"'sessions'", with its schema when it has one.</summary>
    public string Target => new Dialects.TableName(SchemaName, TableName).ToString();

    /// <inheritdoc />
    public override void ExecuteWith(IMigrationProcessor processor)
    {
        ArgumentNullException.ThrowIfNull(processor);
        var engine = _services?.GetService<PurgeEngine>() ?? PurgeEngine.Default;
        var timeout = _services?.GetService<ProcessorOptions>()?.Timeout;

        ProcessorOperation.Run(processor, ToString(), (connection, transaction) => engine.Run(this, connection, transaction, timeout));
    }

    /// <summary>
    /// An archived purge reverses by moving every row of the archive back; deleted rows are gone,
    /// so a purge without an archive has no generated reversal.
    /// </summary>
    /// <exception cref="DataMigrationException">The purge has no archive.</exception>
    public override IMigrationExpression Reverse()
    {
        if (ArchiveTable is { } archive)
        {
            return new PurgeExpression(Migration, _services)
            {
                SchemaName = SchemaName, TableName = archive, AllRows = true, ArchiveTable = TableName, BatchSize = BatchSize, Throttle = Throttle,
            };
        }

        throw new DataMigrationException(
            $"Purge of {Target} in {Migration} cannot be reversed: the rows it deletes are gone. Nothing was changed. " +
            "Give it .ArchiveTo(\"archive_table\") to move the rows instead (the generated Down() moves them back), or derive from DataMigration and write Down() yourself.")
        {
            Migration = Migration,
            Table = TableName,
        };
    }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(TableName))
            yield return new ValidationResult($"Purge in {Migration} has no table; call Purge.Table(\"name\").");
        else if (Filter is null && !AllRows)
            yield return new ValidationResult($"Purge of {Target} in {Migration} names no rows: call .Where(\"...\") for the rows to delete, or .AllRows() to delete every row.");
        if (Throttle is { } pause && pause < TimeSpan.Zero)
            yield return new ValidationResult($"Purge of {Target} in {Migration} has a negative throttle {pause}; ThrottleBy needs zero or more.");
        if (BatchSize is < 1)
            yield return new ValidationResult($"Purge of {Target} in {Migration} has batch size {BatchSize}; InBatchesOf needs at least 1 row.");
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"Purge {Target}" + (Filter is null ? " (all rows)" : $" where {Filter}") + (ArchiveTable is null ? "" : $" into '{ArchiveTable}'") +
        (BatchSize is { } size ? $" in batches of {size}" : "");
}
