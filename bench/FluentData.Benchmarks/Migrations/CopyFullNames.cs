using FluentMigrator;

namespace FluentData.Benchmarks.Migrations;

/// <summary>
/// Copies every person's id and full name into people_copy, in batches: by SQL columns (one
/// INSERT ... SELECT per key range) or through a C# mapping, in the migration's transaction, or
/// online with each batch committed with its checkpoint.
/// </summary>
public abstract class CopyFullNames(BenchSettings settings) : DataMigration
{
    public override void Up()
    {
        var copy = Copy.Rows.From("people").To("people_copy");
        var options = settings.CopyInSql
            ? copy.Columns(("id", "id"), ("full_name", "first_name || ' ' || last_name"))
            : copy.Using(row => new { id = row.Get<long>("id"), full_name = row.Get<string>("first_name") + " " + row.Get<string>("last_name") });
        if (settings.BatchSize is { } size)
            options.InBatchesOf(size);
    }

    public override void Down()
    {
    }
}
