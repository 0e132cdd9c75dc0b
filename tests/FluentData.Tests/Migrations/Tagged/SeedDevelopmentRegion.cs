using FluentMigrator;

namespace FluentData.Tests.Migrations.Tagged;

/// <summary>Runs on every migrate with the profile "development".</summary>
[Profile("development")]
public sealed class SeedDevelopmentRegion : Migration
{
    public override void Up() => Execute.Sql("INSERT INTO regions (id, name) SELECT 99, 'dev' WHERE NOT EXISTS (SELECT 1 FROM regions WHERE id = 99)");

    public override void Down()
    {
    }
}
