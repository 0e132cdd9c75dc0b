using FluentData;
using FluentMigrator;

namespace Sample.App.Migrations;

/// <summary>Splits "full_name" into first and last name: two columns set in one pass.</summary>
[Migration(2026_11_26_0002, "split full names")]
public sealed class SplitCustomerName : DataMigration
{
    public override void Up()
    {
        Alter.Table("customers")
            .AddColumn("first_name").AsString(100).Nullable()
            .AddColumn("last_name").AsString(100).Nullable();

        Transform.Table("customers")
            .Columns("first_name", "last_name")
            .Using((row, set) =>
            {
                var full = row.Get<string>("full_name")!.Trim();
                var space = full.LastIndexOf(' ');
                set["first_name"] = space < 0 ? full : full[..space];
                set["last_name"] = space < 0 ? null : full[(space + 1)..];
            });

        Verify.Table("customers").Column("first_name").HasNoNulls();
        Verify.Table("customers").RowCountIsUnchanged();
    }

    public override void Down()
    {
        Delete.Column("first_name").FromTable("customers");
        Delete.Column("last_name").FromTable("customers");
    }
}
