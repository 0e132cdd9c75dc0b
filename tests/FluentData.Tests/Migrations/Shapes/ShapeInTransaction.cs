using FluentMigrator;

namespace FluentData.Tests.Migrations.Shapes;

[Migration(1)]
public sealed class ShapeInTransaction(ShapeScenario scenario) : DataMigration
{
    public override void Up() => scenario.InTransaction(this);

    public override void Down()
    {
    }
}
