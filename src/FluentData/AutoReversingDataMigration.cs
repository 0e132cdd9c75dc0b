using FluentData.Expressions;
using FluentMigrator.Infrastructure;

namespace FluentData;

/// <summary>
/// A <see cref="DataMigration"/> whose <c>Down()</c> is generated, as FluentMigrator's
/// <c>AutoReversingMigration</c> does for schema changes: the expressions of <c>Up()</c> are
/// reversed, last first. A transform reverses through its <c>.Reverse(row =&gt; ...)</c>, a
/// one-to-one <c>Map</c> through its inverse; checks are left out. A transform that cannot be
/// reversed fails the rollback with a message naming the migration and the table.
/// </summary>
public abstract class AutoReversingDataMigration : DataMigration
{
    /// <summary>Not used: <c>Down()</c> is generated from <c>Up()</c>.</summary>
    public sealed override void Down()
    {
    }

    /// <inheritdoc />
    public override void GetDownExpressions(IMigrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var up = new MigrationContext(context.QuerySchema, context.ServiceProvider, context.Connection);
        CollectUpExpressions(up);
        foreach (var expression in up.Expressions.Reverse())
        {
            // A check describes the data after Up; it says nothing about the data after Down.
            if (expression is not VerifyExpression)
                context.Expressions.Add(expression.Reverse());
        }
    }
}
