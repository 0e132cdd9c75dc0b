using FluentData.Expressions;
using FluentMigrator.Expressions;
using FluentMigrator.Infrastructure;

namespace FluentData;

/// <summary>
/// A <see cref="DataMigration"/> whose <c>Down()</c> is generated, as FluentMigrator's
/// <c>AutoReversingMigration</c> does for schema changes: the expressions of <c>Up()</c> are
/// reversed, last first. A transform reverses through its <c>.Reverse(row =&gt; ...)</c>, a
/// one-to-one <c>Map</c> through its inverse; a transform of columns <c>Up()</c> adds is dropped
/// with them; checks are left out. <c>Up()</c> then the generated <c>Down()</c> leaves every row
/// as it was: a migration whose reversal could not — a transform without an inverse, a
/// <c>Where</c> on a column it changes, a <c>Map</c> onto values some rows already hold, a
/// <c>Reverse</c> that does not give a row back — is refused before <c>Up()</c> writes anything,
/// with a message naming the migration, table and what to write instead (docs/adr/0010).
/// </summary>
public abstract class AutoReversingDataMigration : DataMigration
{
    /// <summary>Not used: <c>Down()</c> is generated from <c>Up()</c>.</summary>
    public sealed override void Down()
    {
    }

    private protected override void CheckUpExpressions(IEnumerable<IMigrationExpression> expressions) => Reversal.Check(expressions);

    /// <inheritdoc />
    public override void GetDownExpressions(IMigrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var up = new MigrationContext(context.QuerySchema, context.ServiceProvider, context.Connection);
        CollectUpExpressions(up);
        Reversal.Check(up.Expressions);
        foreach (var expression in up.Expressions.Reverse())
        {
            // A check describes the data after Up; it says nothing about the data after Down. A
            // transform of columns Up added goes with them; a copy or seed into a table Up created, with it.
            if (expression is not VerifyExpression and not TransformExpression { Reversal: ReversalKind.DroppedByDown } and not CopyExpression { Reversal: ReversalKind.DroppedByDown }
                and not SeedExpression { Reversal: ReversalKind.DroppedByDown })
                context.Expressions.Add(expression.Reverse());
        }
    }
}
