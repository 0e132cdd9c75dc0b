using FluentData;
using FluentMigrator;

namespace Sample.App.Migrations;

/// <summary>Maps one-letter status codes to words; an unknown code fails the migration and names the customer.</summary>
[Migration(2026_11_26_0003, "spell out status codes")]
public sealed class SpellOutStatus : DataMigration
{
    private static readonly Dictionary<string, string> Names = new()
    {
        ["A"] = "active",
        ["C"] = "cancelled",
        ["S"] = "suspended",
    };

    public override void Up()
    {
        Alter.Table("customers").AddColumn("status_name").AsString(20).Nullable();

        Transform.Table("customers")
            .Column("status_name")
            .Using(row => Names[row.Get<string>("status")!]);
    }

    public override void Down() => Delete.Column("status_name").FromTable("customers");
}
