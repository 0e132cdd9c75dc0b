using FluentMigrator;

namespace FluentData.Tests.Migrations.Shapes;

[Migration(3, TransactionBehavior.None)]
public sealed class ShapeOnlineReversible(ShapeScenario scenario) : AutoReversingDataMigration
{
    public override void Up() => scenario.OnlineReversible(this);
}
