using FluentMigrator;

namespace FluentData.Tests.Migrations.Fidelity;

/// <summary>Runs without a transaction: each batch commits on its own with its checkpoint.</summary>
[Migration(2, TransactionBehavior.None, "fidelity: what the scenario says, batch by batch")]
public sealed class TransformOnline(FidelityScenario scenario) : DataMigration
{
    public override void Up() => scenario.Online?.Invoke(this);

    // The tests migrate down only to run the next path on the same table, and restore its rows themselves.
    public override void Down()
    {
    }
}
