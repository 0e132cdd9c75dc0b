using System.Reflection;
using FluentData.Expressions;
using FluentMigrator.Infrastructure;

namespace FluentData.Syntax;

/// <summary>
/// The <see cref="DataMigration.Seed"/> root: starts a seed expression and adds it to the
/// migration's expressions, so it runs in order with the schema expressions around it.
/// </summary>
public sealed class SeedExpressionRoot : ISeedExpressionRoot
{
    private readonly IMigrationContext _context;
    private readonly MigrationIdentity _migration;
    private readonly Assembly _files;

    /// <summary>Creates the root for one migration.</summary>
    /// <param name="context">The migration's context.</param>
    /// <param name="migration">The migration, for messages.</param>
    /// <param name="files">The assembly seed files are found next to, or embedded in: the migration's.</param>
    public SeedExpressionRoot(IMigrationContext context, MigrationIdentity migration, Assembly files)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(migration);
        ArgumentNullException.ThrowIfNull(files);
        _context = context;
        _migration = migration;
        _files = files;
    }

    /// <inheritdoc />
    public ISeedKeyOrInSchemaSyntax Table(string tableName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        var expression = new SeedExpression(_migration, _context.ServiceProvider) { TableName = tableName, Files = _files };
        _context.Expressions.Add(expression);
        return new SeedExpressionBuilder(expression);
    }
}
