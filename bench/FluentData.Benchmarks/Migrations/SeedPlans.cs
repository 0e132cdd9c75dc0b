using FluentMigrator;

namespace FluentData.Benchmarks.Migrations.Seed;

/// <summary>Seeds the plans table from the benchmark's CSV file, by its code.</summary>
[Migration(8)]
public sealed class SeedPlans(BenchSettings settings) : DataMigration
{
    public override void Up() => Seed.Table("plans").Key("code").FromCsv(settings.SeedFile!);

    public override void Down()
    {
    }
}
