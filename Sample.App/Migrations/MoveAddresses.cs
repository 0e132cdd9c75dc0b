using FluentData;
using FluentMigrator;

namespace Sample.App.Migrations;

/// <summary>
/// Moves the addresses packed into customers.addresses ("street, city; street, city") into a table
/// of their own, one row per address: none for a customer without one, two for a customer with
/// two. The old column stays until the application reads the new table; a later migration drops
/// it. The generated Down() drops the new table with every row copied into it.
/// </summary>
[Migration(2026_12_02_0001, "move addresses into their own table")]
public sealed class MoveAddresses : AutoReversingDataMigration
{
    public override void Up()
    {
        Create.Table("addresses")
            .WithColumn("customer_id").AsInt64().NotNullable().PrimaryKey()
            .WithColumn("position").AsInt32().NotNullable().PrimaryKey()
            .WithColumn("street").AsString(100).NotNullable()
            .WithColumn("city").AsString(60).NotNullable();

        Copy.Rows.From("customers").To("addresses")
            .Using((customer, insert) =>
            {
                var packed = customer.Get<string>("addresses")!.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                for (var i = 0; i < packed.Length; i++)
                {
                    var comma = packed[i].LastIndexOf(',');
                    insert(new { customer_id = customer.Get<long>("id"), position = i + 1, street = packed[i][..comma].Trim(), city = packed[i][(comma + 1)..].Trim() });
                }
            })
            .Where("addresses IS NOT NULL");
    }
}
