using FluentMigrator;

namespace FluentData.Benchmarks.Migrations.Purge;

/// <summary>Deletes every second person, in batches, in the migration's transaction.</summary>
[Migration(3)]
public sealed class PurgeHalf(BenchSettings settings) : DataMigration
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
