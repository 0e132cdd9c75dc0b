using FluentMigrator;

namespace FluentData.Benchmarks.Migrations.Typed;

/// <summary>The same transform written against a class: each row read into a Person, its FullName set.</summary>
[Migration(1)]
public sealed class FullNameTyped(BenchSettings settings) : DataMigration
{
    public override void Up()
    {
        var transform = settings.TypedColumns
            ? Transform.Table("people").Columns("full_name").Using<Person>(p => p.FullName = p.FirstName + " " + p.LastName)
            : Transform.Table("people").Using<Person>(p => p.FullName = p.FirstName + " " + p.LastName);
        if (settings.BatchSize is { } size)
            transform.InBatchesOf(size);
    }

    public override void Down()
    {
    }

    /// <summary>A row of people as an application declares it.</summary>
    public sealed class Person
    {
        public long Id { get; set; }

        public string FirstName { get; set; } = "";

        public string LastName { get; set; } = "";

        public string? Email { get; set; }

        public string? FullName { get; set; }
    }
}
