using FluentMigrator;

namespace FluentData.Tests.Migrations.Mapping;

[Migration(1)]
public sealed class CreateOrders : Migration
{
    public override void Up() =>
        Create.Table("orders")
            .WithColumn("id").AsInt64().PrimaryKey()
            .WithColumn("status").AsString(20).Nullable()
            .WithColumn("amount").AsInt32().NotNullable().WithDefaultValue(0);

    public override void Down() => Delete.Table("orders");
}
