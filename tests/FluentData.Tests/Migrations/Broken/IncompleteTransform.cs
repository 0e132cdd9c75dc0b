using FluentMigrator;

namespace FluentData.Tests.Migrations.Broken;

[Migration(1)]
public sealed class IncompleteTransform : DataMigration
{
    public override void Up()
    {
        Create.Table("things").WithColumn("id").AsInt64().PrimaryKey().WithColumn("name").AsString(20).Nullable();
        Transform.Table("things").Column("name");
    }

    public override void Down() => Delete.Table("things");
}
