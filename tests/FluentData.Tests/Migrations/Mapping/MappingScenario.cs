namespace FluentData.Tests.Migrations.Mapping;

/// <summary>What the mapping migrations do in one test; registered in the test's container and injected.</summary>
public sealed class MappingScenario
{
    /// <summary>Up of version 2, whose Down() is generated.</summary>
    public Action<DataMigration> Up { get; set; } = _ => { };

    /// <summary>Up of version 3, a plain DataMigration.</summary>
    public Action<DataMigration> OneWay { get; set; } = _ => { };

    /// <summary>Down of version 3, written by hand.</summary>
    public Action<DataMigration> OneWayDown { get; set; } = _ => { };
}
