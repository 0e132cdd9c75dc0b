using FluentMigrator;

namespace FluentData.Tests.Migrations.Mapping;

[Migration(3)]
public sealed class ReshapeOrdersOneWay(MappingScenario scenario) : DataMigration
{
    public override void Up() => scenario.OneWay(this);

    public override void Down() => scenario.OneWayDown(this);
}
