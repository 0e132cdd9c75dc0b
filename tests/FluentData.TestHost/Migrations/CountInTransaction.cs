using FluentData;
using FluentMigrator;

namespace FluentData.TestHost.Migrations;

/// <summary>Counts every row once, all or nothing.</summary>
[Migration(1)]
public sealed class CountInTransaction : DataMigration
{
    public override void Up()
    {
        Alter.Table("counters").AddColumn("tx_hits").AsInt32().NotNullable().WithDefaultValue(0);
        Transform.Table("counters").Column("tx_hits").Using(row => row.Get<int>("tx_hits") + 1).InBatchesOf(100);
    }

    public override void Down() => Delete.Column("tx_hits").FromTable("counters");
}
