using FluentData;
using FluentMigrator;

namespace FluentData.TestHost.Migrations;

/// <summary>Counts every row once, batch by batch; a schema change comes first, as it would in real life.</summary>
[Migration(2, TransactionBehavior.None)]
public sealed class CountOnline : DataMigration
{
    public override void Up()
    {
        Alter.Table("counters").AddColumn("note").AsString(20).Nullable();
        Transform.Table("counters")
            .Column("hits")
            .Using(row => row.Get<int>("hits") + 1)
            .InBatchesOf(HostSettings.Number("FLUENTDATA_TEST_BATCH", 100))
            .ThrottleBy(TimeSpan.FromMilliseconds(HostSettings.Number("FLUENTDATA_TEST_THROTTLE_MS", 0)))
            .InParallel(HostSettings.Number("FLUENTDATA_TEST_CONNECTIONS", 1));
    }

    public override void Down() => Delete.Column("note").FromTable("counters");

}
