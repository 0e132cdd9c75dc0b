namespace FluentData.Tests.Migrations.Shapes;

/// <summary>What the shape migrations do in one test: version 1 in a transaction, version 2 online, version 3 online with a generated Down().</summary>
public sealed class ShapeScenario
{
    public Action<DataMigration> InTransaction { get; set; } = _ => { };

    public Action<DataMigration> Online { get; set; } = _ => { };

    public Action<DataMigration> OnlineReversible { get; set; } = _ => { };
}
