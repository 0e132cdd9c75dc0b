using FluentMigrator;

namespace FluentData.Benchmarks.Migrations.PurgeOnline;

/// <summary>Deletes every second person, each batch committed with its checkpoint.</summary>
[Migration(4, TransactionBehavior.None)]
public sealed class PurgeHalfOnline(BenchSettings settings) : DataMigration
{
    public override void Up()
    {
        var purge = Purge.Table("people").Where("id % 2 = 0");
        if (settings.BatchSize is { } size)
            purge.InBatchesOf(size);
    }

    public override void Down()
    {
    }
}
