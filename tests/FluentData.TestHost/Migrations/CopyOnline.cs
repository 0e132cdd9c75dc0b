using FluentData;
using FluentMigrator;

namespace FluentData.TestHost.Migrations;

/// <summary>
/// With FLUENTDATA_TEST_COPY=1, copies every counter into counter_parts (which the test creates)
/// as two rows, batch by batch through a C# mapping; otherwise does nothing.
/// </summary>
[Migration(4, TransactionBehavior.None)]
public sealed class CopyOnline : DataMigration
{
    public override void Up()
    {
        if (!HostSettings.Flag("FLUENTDATA_TEST_COPY"))
            return;
        Copy.Rows.From("counters").To("counter_parts")
            .Using((row, insert) =>
            {
                insert(new { id = row.Get<long>("id"), part = 1, hits = row.Get<int>("hits") });
                insert(new { id = row.Get<long>("id"), part = 2, hits = row.Get<int>("hits") });
            })
            .InBatchesOf(HostSettings.Number("FLUENTDATA_TEST_BATCH", 100))
            .ThrottleBy(TimeSpan.FromMilliseconds(HostSettings.Number("FLUENTDATA_TEST_THROTTLE_MS", 0)));
    }

    public override void Down()
    {
    }
}
