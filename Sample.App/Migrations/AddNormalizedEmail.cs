using FluentData;
using FluentMigrator;

namespace Sample.App.Migrations;

/// <summary>Backfills a lower-cased, trimmed copy of every e-mail address: one column, C# per row.</summary>
[Migration(2026_11_26_0001, "normalise e-mail addresses")]
public sealed class AddNormalizedEmail : DataMigration
{
    public override void Up()
    {
        Alter.Table("customers").AddColumn("email_normalized").AsString(320).Nullable();

        Transform.Table("customers")
            .Column("email_normalized")
            .Using(row => row.Get<string>("email")?.Trim().ToLowerInvariant())
            .Where("email IS NOT NULL")
            .InBatchesOf(10_000);

        // Checked before the migration commits: a failure rolls everything back.
        Verify.Table("customers").HasNoRows("email IS NOT NULL AND email_normalized <> lower(trim(email))");
    }

    public override void Down() => Delete.Column("email_normalized").FromTable("customers");
}
