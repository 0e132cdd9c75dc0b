using FluentMigrator;

namespace FluentData.Tests.Migrations.People;

/// <summary>Runs without a transaction: each batch commits on its own.</summary>
[Migration(3, TransactionBehavior.None, "count a visit per person, batch by batch")]
public sealed class CountVisitsOnline(PeopleScenario scenario) : DataMigration
{
    public override void Up() =>
        Transform.Table("people")
            .Column("visits")
            .Using(row => scenario.Value!(row))
            .InBatchesOf(scenario.BatchSize ?? 10);

    public override void Down()
    {
    }
}
