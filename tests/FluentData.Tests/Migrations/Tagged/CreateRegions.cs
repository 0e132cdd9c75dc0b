using FluentMigrator;

namespace FluentData.Tests.Migrations.Tagged;

[Migration(1)]
public sealed class CreateRegions : Migration
{
    public override void Up() => Create.Table("regions").WithColumn("id").AsInt64().PrimaryKey().WithColumn("name").AsString(20).Nullable();

    public override void Down() => Delete.Table("regions");
}
