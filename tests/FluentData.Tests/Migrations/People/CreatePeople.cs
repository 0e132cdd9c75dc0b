using FluentMigrator;

namespace FluentData.Tests.Migrations.People;

[Migration(1, "people and a table without a key")]
public sealed class CreatePeople : Migration
{
    public override void Up()
    {
        Create.Table("people")
            .WithColumn("id").AsInt64().PrimaryKey()
            .WithColumn("first_name").AsString(50).Nullable()
            .WithColumn("last_name").AsString(50).Nullable()
            .WithColumn("full_name").AsString(120).Nullable()
            .WithColumn("visits").AsInt32().NotNullable().WithDefaultValue(0);

        Create.Table("notes")
            .WithColumn("body").AsString(200).Nullable();
    }

    public override void Down()
    {
        Delete.Table("notes");
        Delete.Table("people");
    }
}
