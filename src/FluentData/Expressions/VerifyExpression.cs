using System.ComponentModel.DataAnnotations;
using FluentData.Execution;
using FluentData.Execution.Verify;
using FluentMigrator;
using FluentMigrator.Expressions;
using FluentMigrator.Runner.Processors;
using Microsoft.Extensions.DependencyInjection;

namespace FluentData.Expressions;

/// <summary>
/// What a <c>Verify.Table(...)</c> chain records: a check on the data, run by the database in
/// order with the migration's other expressions.
/// </summary>
public sealed class VerifyExpression : MigrationExpressionBase, IValidatableObject
{
    private readonly IServiceProvider? _services;

    /// <summary>Creates an empty check; the fluent builder fills it.</summary>
    public VerifyExpression(MigrationIdentity migration, IServiceProvider? services)
    {
        ArgumentNullException.ThrowIfNull(migration);
        Migration = migration;
        _services = services;
    }

    /// <summary>The migration that declared the check.</summary>
    public MigrationIdentity Migration { get; }

    /// <summary>The table's schema, or <see langword="null"/> for the connection's default.</summary>
    public string? SchemaName { get; set; }

    /// <summary>The table checked.</summary>
    public string TableName { get; set; } = "";

    /// <summary>The column checked, for column checks.</summary>
    public string? ColumnName { get; set; }

    /// <summary>What is checked.</summary>
    public VerifyCheck Check { get; set; }

    /// <summary>The predicate no row may match, for <see cref="VerifyCheck.HasNoRows"/>.</summary>
    public string? Predicate { get; set; }

    /// <summary>The table's row count when the migration started, for <see cref="VerifyCheck.RowCountIsUnchanged"/>; filled when it runs.</summary>
    internal RowCountBaseline Baseline { get; } = new();

    /// <summary>The check in words: "'customers'.'email' has no NULLs".</summary>
    public string Description
    {
        get
        {
            var table = new Dialects.TableName(SchemaName, TableName).ToString();
            return Check switch
            {
                VerifyCheck.HasNoNulls => $"{table}.'{ColumnName}' has no NULLs",
                VerifyCheck.IsUnique => $"{table}.'{ColumnName}' is unique",
                VerifyCheck.HasNoRows => $"{table} has no rows where {Predicate}",
                VerifyCheck.RowCountIsUnchanged => $"{table} has as many rows as when the migration started",
                _ => $"{table} (no check chosen)",
            };
        }
    }

    /// <inheritdoc />
    public override void ExecuteWith(IMigrationProcessor processor)
    {
        ArgumentNullException.ThrowIfNull(processor);
        var engine = _services?.GetService<VerifyEngine>() ?? VerifyEngine.Default;
        var timeout = _services?.GetService<ProcessorOptions>()?.Timeout;
        ProcessorOperation.Run(processor, ToString(), (connection, transaction) => engine.Run(this, connection, transaction, timeout));
    }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(TableName))
            yield return new ValidationResult($"Verify in {Migration} has no table; call Verify.Table(\"name\").");
        if (Check == VerifyCheck.None)
        {
            yield return new ValidationResult(
                $"Verify on '{TableName}' in {Migration} has no check; finish it with .HasNoRows(\"...\"), .RowCountIsUnchanged(), or .Column(\"c\").HasNoNulls() / .IsUnique().");
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"Verify {Description}";
}
