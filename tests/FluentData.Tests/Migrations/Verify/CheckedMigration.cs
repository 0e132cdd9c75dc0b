using FluentMigrator;

namespace FluentData.Tests.Migrations.Verify;

[Migration(2)]
public sealed class CheckedMigration(VerifyScenario scenario) : DataMigration
{
    public override void Up() => scenario.Up(this);

    public override void Down()
    {
    }
}
