using FluentMigrator;

namespace FluentData.Benchmarks.Migrations.Sql;

/// <summary>The same transform evaluated by the database, still in key-range batches.</summary>
[Migration(1)]
public sealed class FullNameInSql(BenchSettings settings) : DataMigration
{
    public override void Up()
    {
        var transform = Transform.Table("people").Column("full_name").UsingSql("first_name || ' ' || last_name");
        if (settings.BatchSize is { } size)
            transform.InBatchesOf(size);
    }

    public override void Down()
    {
    }
}
