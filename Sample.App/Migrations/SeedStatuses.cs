using FluentData;
using FluentMigrator;

namespace Sample.App.Migrations;

/// <summary>
/// A reference table kept in step with a CSV file the app ships (Seeds/statuses.csv): rows the
/// table lacks are inserted, rows that differ updated, equal rows left alone — so editing the file
/// and seeding again in a later migration writes only what changed.
/// </summary>
[Migration(2026_12_02_0002, "seed the status reference table")]
public sealed class SeedStatuses : AutoReversingDataMigration
{
    public override void Up()
    {
        Create.Table("statuses")
            .WithColumn("code").AsString(1).PrimaryKey()
            .WithColumn("name").AsString(20).NotNullable()
            .WithColumn("counts_as_active").AsBoolean().NotNullable();

        Seed.Table("statuses").Key("code").FromCsv("Seeds/statuses.csv");
    }
}
