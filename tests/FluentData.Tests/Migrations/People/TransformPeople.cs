using FluentMigrator;

namespace FluentData.Tests.Migrations.People;

[Migration(2, "transform people as the scenario says")]
public sealed class TransformPeople(PeopleScenario scenario) : DataMigration
{
    public override void Up()
    {
        if (scenario.SqlBefore is { } before)
            Execute.Sql(before);
        var table = scenario.Schema is { } schema
            ? Transform.Table(scenario.Table).InSchema(schema)
            : Transform.Table(scenario.Table);
        var options = scenario switch
        {
            { Row: { } row } => table.Columns(scenario.Columns).Using(row),
            { Sql: { } sql } => table.Column(scenario.Columns[0]).UsingSql(sql),
            _ => table.Column(scenario.Columns[0]).Using(scenario.Value!),
        };
        if (scenario.Filter is { } filter)
            options.Where(filter);
        if (scenario.BatchSize is { } size)
            options.InBatchesOf(size);
    }

    public override void Down() => Execute.Sql("UPDATE people SET full_name = NULL");
}
