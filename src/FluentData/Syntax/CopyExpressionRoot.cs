using FluentData.Expressions;
using FluentMigrator.Infrastructure;

namespace FluentData.Syntax;

/// <summary>
/// The <see cref="DataMigration.Copy"/> root: starts a copy expression and adds it to the
/// migration's expressions, so it runs in order with the schema expressions around it.
/// </summary>
public sealed class CopyExpressionRoot : ICopyExpressionRoot, ICopyFromSyntax
{
    private readonly IMigrationContext _context;
    private readonly MigrationIdentity _migration;

    /// <summary>Creates the root for one migration.</summary>
    public CopyExpressionRoot(IMigrationContext context, MigrationIdentity migration)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(migration);
        _context = context;
        _migration = migration;
    }

    /// <inheritdoc />
    public ICopyFromSyntax Rows => this;

    /// <inheritdoc />
    public ICopyToOrInSchemaSyntax From(string sourceTable)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceTable);
        var expression = new CopyExpression(_migration, _context.ServiceProvider) { TableName = sourceTable };
        _context.Expressions.Add(expression);
        return new CopyExpressionBuilder(expression);
    }
}
