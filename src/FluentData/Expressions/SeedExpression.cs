using System.ComponentModel.DataAnnotations;
using System.Reflection;
using FluentData.Execution;
using FluentMigrator;
using FluentMigrator.Expressions;
using FluentMigrator.Runner.Processors;
using Microsoft.Extensions.DependencyInjection;

namespace FluentData.Expressions;

/// <summary>
/// What a <c>Seed.Table(...)</c> chain records: the table, its key, where the rows come from, and
/// the options. FluentMigrator validates it before the migration runs and executes it in order with
/// the migration's other expressions.
/// </summary>
public sealed class SeedExpression : MigrationExpressionBase, IValidatableObject
{
    private readonly IServiceProvider? _services;

    /// <summary>Creates an empty expression; the fluent builder fills it.</summary>
    /// <param name="migration">The migration the expression belongs to, for messages.</param>
    /// <param name="services">Where the engine is resolved from when the expression runs.</param>
    public SeedExpression(MigrationIdentity migration, IServiceProvider? services)
    {
        ArgumentNullException.ThrowIfNull(migration);
        Migration = migration;
        _services = services;
    }

    /// <summary>The migration that declared this seed.</summary>
    public MigrationIdentity Migration { get; }

    /// <summary>The table's schema, or <see langword="null"/> for the connection's default.</summary>
    public string? SchemaName { get; set; }

    /// <summary>The table the rows are written to.</summary>
    public string TableName { get; set; } = "";

    /// <summary>The columns a seed row is matched to a table row by.</summary>
    public IReadOnlyList<string> KeyColumns { get; set; } = [];

    /// <summary>The rows written in C#; null when they come from a file.</summary>
    public IReadOnlyList<object>? Rows { get; set; }

    /// <summary>The file the rows come from, relative to the migration's assembly or naming a resource embedded in it; null for C# rows.</summary>
    public string? FilePath { get; set; }

    /// <summary>Whether rows of the table the seed does not name are deleted.</summary>
    public bool DeleteOthers { get; set; }

    /// <summary>How many seed rows a batch writes; null for the database's default.</summary>
    public int? BatchSize { get; set; }

    /// <summary>The format of <see cref="FilePath"/>.</summary>
    internal SeedFileFormat FileFormat { get; set; }

    /// <summary>The assembly a seed file is found next to, or embedded in.</summary>
    internal Assembly? Files { get; set; }

    /// <summary>How a generated <c>Down()</c> undoes this seed (set by <see cref="AutoReversingDataMigration"/>).</summary>
    internal ReversalKind Reversal { get; set; }

    /// <summary>Where a reversible seed keeps what the generated <c>Down()</c> needs: the rows it changed as they were, the keys it inserted.</summary>
    internal string? UndoTable { get; set; }

    /// <summary>"'countries'", with its schema when it has one.</summary>
    public string Target => new Dialects.TableName(SchemaName, TableName).ToString();

    /// <summary>Where the rows come from, for messages: the file, or "C# rows".</summary>
    public string Source => FilePath ?? "C# rows";

    /// <inheritdoc />
    public override void ExecuteWith(IMigrationProcessor processor)
    {
        ArgumentNullException.ThrowIfNull(processor);
        var engine = _services?.GetService<SeedEngine>() ?? SeedEngine.Default;
        var timeout = _services?.GetService<ProcessorOptions>()?.Timeout;

        ProcessorOperation.Run(processor, ToString(), (connection, transaction) => engine.Run(this, connection, transaction, timeout));
    }

    /// <summary>
    /// Undoes the seed from what it kept while <c>Up()</c> ran: the rows it inserted are deleted, those
    /// it updated or deleted are given back their values from before.
    /// </summary>
    public override IMigrationExpression Reverse() =>
        UndoTable is { } undo
            ? new SeedUndoExpression(this, undo, _services)
            : throw new DataMigrationException(
                $"Seed of {Target} in {Migration} cannot be reversed: it kept no record of the rows it changed. Nothing was changed. " +
                "Derive from AutoReversingDataMigration to have Down() generated, or write Down() yourself.")
            {
                Migration = Migration,
                Table = TableName,
            };

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(TableName))
        {
            yield return new ValidationResult($"Seed in {Migration} has no table; call Seed.Table(\"name\").");
            yield break;
        }

        if (KeyColumns.Count == 0 || KeyColumns.Any(string.IsNullOrWhiteSpace))
            yield return new ValidationResult($"Seed of {Target} in {Migration} needs its key columns: .Key(\"code\") names the columns a seed row is matched by.");
        if (KeyColumns.GroupBy(c => c, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
            yield return new ValidationResult($"Seed of {Target} in {Migration} names key column '{twice.Key}' twice.");
        if ((Rows is null) == (FilePath is null))
            yield return new ValidationResult($"Seed of {Target} in {Migration} needs its rows: .Rows(new {{ ... }}, ...), .FromCsv(\"file.csv\") or .FromJson(\"file.json\").");
        if (Rows is not null && Rows.ToList().FindIndex(r => r is null) is >= 0 and var index)
            yield return new ValidationResult($"Seed of {Target} in {Migration} has null for row {index + 1}; every row needs its column values.");
        if (BatchSize is < 1)
            yield return new ValidationResult($"Seed of {Target} in {Migration} has batch size {BatchSize}; InBatchesOf needs at least 1 row.");
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"Seed {Target} by ({string.Join(", ", KeyColumns)}) from {(FilePath ?? $"{Rows?.Count ?? 0} C# rows")}" + (DeleteOthers ? ", deleting others" : "") +
        (BatchSize is { } size ? $" in batches of {size}" : "");
}
