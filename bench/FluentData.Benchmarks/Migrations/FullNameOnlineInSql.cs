using FluentMigrator;

namespace FluentData.Benchmarks.Migrations.SqlOnline;

/// <summary>The SQL transform online — each key range committed with its checkpoint — on the connections the settings give.</summary>
[Migration(2, TransactionBehavior.None)]
public sealed class FullNameOnlineInSql(BenchSettings settings) : DataMigration
{
    public override void Up()
    {
        var transform = Transform.Table("people").Column("full_name").UsingSql("first_name || ' ' || last_name").InParallel(settings.Connections);
        if (settings.BatchSize is { } size)
            transform.InBatchesOf(size);
    }

    public override void Down()
    {
    }
}
