using FluentMigrator;

namespace FluentData.Tests.Migrations.Registration;

[Migration(20261126_01, "widgets")]
public sealed class CreateWidgets : Migration
{
    public override void Up() =>
        Create.Table("widgets")
            .WithColumn("id").AsInt64().PrimaryKey()
            .WithColumn("name").AsString(40).Nullable();

    public override void Down() => Delete.Table("widgets");
}
