namespace FluentData.Tests.Migrations.Mapping;

/// <summary>What the auto-reversing migration does in one test; registered in the test's container and injected.</summary>
public sealed class MappingScenario
{
    public Action<DataMigration> Up { get; set; } = _ => { };
}
