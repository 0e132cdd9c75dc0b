using FluentData.Expressions;
using FluentMigrator.Infrastructure;

namespace FluentData.Syntax.Verify;

/// <summary>The <see cref="DataMigration.Verify"/> root: starts a check and adds it to the migration's expressions.</summary>
public sealed class VerifyExpressionRoot : IVerifyExpressionRoot
{
    private readonly IMigrationContext _context;
    private readonly MigrationIdentity _migration;

    /// <summary>Creates the root for one migration.</summary>
    public VerifyExpressionRoot(IMigrationContext context, MigrationIdentity migration)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(migration);
        _context = context;
        _migration = migration;
    }

    /// <inheritdoc />
    public IVerifyTableOrInSchemaSyntax Table(string tableName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        var expression = new VerifyExpression(_migration, _context.ServiceProvider) { TableName = tableName };
        _context.Expressions.Add(expression);
        return new VerifyExpressionBuilder(expression);
    }
}
