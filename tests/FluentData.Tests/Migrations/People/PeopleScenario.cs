namespace FluentData.Tests.Migrations.People;

/// <summary>What the people migrations do in one test; registered in the test's container and injected.</summary>
public sealed class PeopleScenario
{
    public string? Schema { get; set; }

    public string Table { get; set; } = "people";

    public string[] Columns { get; set; } = ["full_name"];

    public Func<IDataRow, object?>? Value { get; set; } =
        row => $"{row.Get<string>("first_name")} {row.Get<string>("last_name")}";

    public Action<IDataRow, IColumnValues>? Row { get; set; }

    public string? Sql { get; set; }

    /// <summary>SQL the transform migration runs first, in its transaction.</summary>
    public string? SqlBefore { get; set; }

    public string? Filter { get; set; }

    public int? BatchSize { get; set; }

    public TimeSpan? Throttle { get; set; }
}
