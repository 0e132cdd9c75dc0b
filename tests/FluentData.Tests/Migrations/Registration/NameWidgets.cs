using FluentMigrator;

namespace FluentData.Tests.Migrations.Registration;

[Migration(20261126_02, "name the widgets")]
public sealed class NameWidgets : DataMigration
{
    public override void Up()
    {
        Insert.IntoTable("widgets").Row(new { id = 1, name = "a" }).Row(new { id = 2, name = "b" });
        Transform.Table("widgets").Column("name").Using(row => $"widget {row.Get<string>("name")}");
    }

    public override void Down() => Delete.FromTable("widgets").AllRows();
}
