using FluentMigrator;

namespace FluentData.Tests.Migrations.Verify;

[Migration(1)]
public sealed class CreateAccounts : Migration
{
    public override void Up() =>
        Create.Table("accounts")
            .WithColumn("id").AsInt64().PrimaryKey()
            .WithColumn("email").AsString(100).Nullable()
            .WithColumn("normalized").AsString(100).Nullable();

    public override void Down() => Delete.Table("accounts");
}
