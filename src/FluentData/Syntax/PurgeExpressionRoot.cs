using FluentData.Expressions;
using FluentMigrator.Infrastructure;

namespace FluentData.Syntax;

/// <summary>
/// The <see cref="DataMigration.Purge"/> root: starts a purge expression and adds it to the
/// migration's expressions, so it runs in order with the schema expressions around it.
/// </summary>
public sealed class PurgeExpressionRoot : IPurgeExpressionRoot
{
    private readonly IMigrationContext _context;
    private readonly MigrationIdentity _migration;

    /// <summary>Creates the root for one migration.</summary>
    public PurgeExpressionRoot(IMigrationContext context, MigrationIdentity migration)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(migration);
        _context = context;
        _migration = migration;
    }

    /// <inheritdoc />
    public IPurgeRowsOrInSchemaSyntax Table(string tableName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        var expression = new PurgeExpression(_migration, _context.ServiceProvider) { TableName = tableName };
        _context.Expressions.Add(expression);
        return new PurgeExpressionBuilder(expression);
    }
}
