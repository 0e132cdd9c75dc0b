using FluentData;
using FluentMigrator;

namespace Sample.App.Migrations;

/// <summary>Adds each customer's initials, written against the app's own type rather than column names.</summary>
[Migration(2026_12_02_0003, "add initials")]
public sealed class AddInitials : DataMigration
{
    public override void Up()
    {
        Alter.Table("customers").AddColumn("initials").AsString(2).Nullable();

        // Checked against the table before the first row: a property without a column, or of a type its column's values do not fit, stops the migration.
        Transform.Table("customers")
            .Columns("initials")
            .Using<CustomerName>(c => c.Initials = $"{c.FirstName?[0]}{c.LastName?[0]}".ToUpperInvariant());
    }

    public override void Down() => Delete.Column("initials").FromTable("customers");

    /// <summary>
    /// The part of a customer this migration works with: properties match columns by name
    /// (first_name → FirstName), nullable where the column is (declaring FirstName as string would be refused).
    /// </summary>
    public sealed class CustomerName
    {
        public long Id { get; set; }

        public string? FirstName { get; set; }

        public string? LastName { get; set; }

        public string? Initials { get; set; }
    }
}
