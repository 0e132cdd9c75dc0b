using FluentMigrator;

namespace FluentData.Benchmarks.Migrations.CSharpOnline;

/// <summary>The C# transform online — each batch committed with its checkpoint — on the connections the settings give.</summary>
[Migration(2, TransactionBehavior.None)]
public sealed class FullNameOnlineInCSharp(BenchSettings settings) : DataMigration
{
    public override void Up()
    {
        var transform = Transform.Table("people").Column("full_name")
            .Using(row => row.Get<string>("first_name") + " " + row.Get<string>("last_name"))
            .InParallel(settings.Connections);
        if (settings.BatchSize is { } size)
            transform.InBatchesOf(size);
    }

    public override void Down()
    {
    }
}
