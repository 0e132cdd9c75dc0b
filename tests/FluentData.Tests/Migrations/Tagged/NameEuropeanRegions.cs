using FluentMigrator;

namespace FluentData.Tests.Migrations.Tagged;

/// <summary>Runs only when the runner is given the tag "eu".</summary>
[Migration(2)]
[Tags("eu")]
public sealed class NameEuropeanRegions : DataMigration
{
    public override void Up() => Transform.Table("regions").Column("name").UsingSql("'Europe'");

    public override void Down()
    {
    }
}
