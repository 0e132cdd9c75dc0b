namespace FluentData.Tests.Migrations.Verify;

/// <summary>What the verify migration does in one test; registered in the test's container and injected.</summary>
public sealed class VerifyScenario
{
    public Action<DataMigration> Up { get; set; } = _ => { };
}
