using FluentMigrator;

namespace FluentData.Tests.Migrations.People;

/// <summary>Runs without a transaction: each batch commits on its own with its checkpoint.</summary>
[Migration(3, TransactionBehavior.None, "count a visit per person, batch by batch")]
public sealed class CountVisitsOnline(PeopleScenario scenario) : DataMigration
{
    public override void Up()
    {
        Alter.Table("people").AddColumn("online_note").AsString(20).Nullable();
        var visits = Transform.Table("people").Column("visits");
        var transform = (scenario.Sql is { } sql ? visits.UsingSql(sql) : visits.Using(row => scenario.Value!(row)))
            .InBatchesOf(scenario.BatchSize ?? 10);
        if (scenario.Filter is { } filter)
            transform.Where(filter);
        if (scenario.Throttle is { } pause)
            transform.ThrottleBy(pause);
    }

    public override void Down() => Delete.Column("online_note").FromTable("people");
}
