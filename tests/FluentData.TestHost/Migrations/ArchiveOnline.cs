using FluentData;
using FluentMigrator;

namespace FluentData.TestHost.Migrations;

/// <summary>
/// With FLUENTDATA_TEST_ARCHIVE=1, moves every third counter into counters_archive (which the test
/// creates), batch by batch; otherwise does nothing.
/// </summary>
[Migration(3, TransactionBehavior.None)]
public sealed class ArchiveOnline : DataMigration
{
    public override void Up()
    {
        if (!HostSettings.Flag("FLUENTDATA_TEST_ARCHIVE"))
            return;
        Purge.Table("counters").Where("id % 3 = 0").ArchiveTo("counters_archive")
            .InBatchesOf(HostSettings.Number("FLUENTDATA_TEST_BATCH", 100))
            .ThrottleBy(TimeSpan.FromMilliseconds(HostSettings.Number("FLUENTDATA_TEST_THROTTLE_MS", 0)));
    }

    public override void Down()
    {
    }
}
