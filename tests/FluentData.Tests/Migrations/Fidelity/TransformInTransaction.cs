using FluentMigrator;

namespace FluentData.Tests.Migrations.Fidelity;

[Migration(1, "fidelity: what the scenario says, in the migration's transaction")]
public sealed class TransformInTransaction(FidelityScenario scenario) : DataMigration
{
    public override void Up() => scenario.InTransaction?.Invoke(this);

    // The tests migrate down only to run the next path on the same table, and restore its rows themselves.
    public override void Down()
    {
    }
}
