using FluentMigrator;

namespace Sample.App.Migrations;

/// <summary>A plain FluentMigrator migration: schema and data migrations mix in one version order.</summary>
[Migration(2026_11_26_0004, "index normalised e-mail addresses")]
public sealed class IndexNormalizedEmail : Migration
{
    public override void Up() =>
        Create.Index("ix_customers_email_normalized").OnTable("customers").OnColumn("email_normalized");

    public override void Down() => Delete.Index("ix_customers_email_normalized").OnTable("customers");
}
