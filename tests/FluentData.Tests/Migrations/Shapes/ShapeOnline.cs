using FluentMigrator;

namespace FluentData.Tests.Migrations.Shapes;

[Migration(2, TransactionBehavior.None)]
public sealed class ShapeOnline(ShapeScenario scenario) : DataMigration
{
    public override void Up() => scenario.Online(this);

    public override void Down()
    {
    }
}
