using FluentMigrator;

namespace FluentData.Benchmarks.Migrations.CSharp;

/// <summary>The transform under test: full_name from first and last name, in C#.</summary>
[Migration(1)]
public sealed class FullNameInCSharp(BenchSettings settings) : DataMigration
{
    public override void Up()
    {
        var transform = Transform.Table("people").Column("full_name")
            .Using(row => row.Get<string>("first_name") + " " + row.Get<string>("last_name"));
        if (settings.BatchSize is { } size)
            transform.InBatchesOf(size);
    }

    public override void Down()
    {
    }
}
