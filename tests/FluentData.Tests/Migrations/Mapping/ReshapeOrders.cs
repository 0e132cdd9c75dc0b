using FluentMigrator;

namespace FluentData.Tests.Migrations.Mapping;

[Migration(2)]
public sealed class ReshapeOrders(MappingScenario scenario) : AutoReversingDataMigration
{
    public override void Up() => scenario.Up(this);
}
