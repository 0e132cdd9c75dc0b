namespace FluentData.Benchmarks.Migrations;

/// <summary>Deletes every second person in batches (the delete variants: in a transaction, or online).</summary>
public abstract class PurgeEverySecondPerson(BenchSettings settings) : DataMigration
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
