using Microsoft.Data.Sqlite;

namespace Sample.App;

/// <summary>
/// Stands in for the database a team already has in production: a customers table in its old
/// shape with 100,000 rows, created on the first run. The migrations then reshape it.
/// </summary>
internal static class LegacyDatabase
{
    public const int Customers = 100_000;

    private static readonly string[] FirstNames = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Margaret", "Ken", "Frances", "Niklaus", "Mary Ann", "Tony"];
    private static readonly string[] LastNames = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Hamilton", "Thompson", "Allen", "Wirth", "Wilkes", "Hoare"];
    private static readonly string[] Domains = ["Example.com", "mail.example.org", "EXAMPLE.net"];
    private static readonly string[] Statuses = ["A", "A", "A", "C", "S"];
    private static readonly string[] Streets = ["Main St", "Station Rd", "Mill Lane", "Church St", "Harbour Way"];
    private static readonly string[] Cities = ["Springfield", "Riverton", "Lakeside", "Fairview"];

    /// <summary>Creates and fills the table unless it exists; returns the number of rows inserted.</summary>
    public static int EnsureSeeded(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using (var exists = connection.CreateCommand())
        {
            exists.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'customers'";
            if ((long)exists.ExecuteScalar()! > 0)
                return 0;
        }

        using var transaction = connection.BeginTransaction();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = """
                CREATE TABLE customers (
                    id INTEGER PRIMARY KEY,
                    full_name TEXT NOT NULL,
                    email TEXT NULL,
                    status TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    addresses TEXT NULL)
                """;
            create.ExecuteNonQuery();
        }

        // One prepared statement, re-bound per row, in one transaction: SQLite's bulk path.
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO customers (id, full_name, email, status, created_at, addresses) VALUES ($id, $name, $email, $status, $created, $addresses)";
        var id = insert.Parameters.Add("$id", SqliteType.Integer);
        var name = insert.Parameters.Add("$name", SqliteType.Text);
        var email = insert.Parameters.Add("$email", SqliteType.Text);
        var status = insert.Parameters.Add("$status", SqliteType.Text);
        var created = insert.Parameters.Add("$created", SqliteType.Text);
        var addresses = insert.Parameters.Add("$addresses", SqliteType.Text);
        insert.Prepare();

        var random = new Random(20261126);
        var start = new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 1; i <= Customers; i++)
        {
            var first = FirstNames[random.Next(FirstNames.Length)];
            var last = LastNames[random.Next(LastNames.Length)];
            id.Value = i;
            name.Value = $"{first} {last}";
            email.Value = i % 17 == 0
                ? DBNull.Value
                : $"{(random.Next(3) == 0 ? "  " : "")}{first.Replace(' ', '.')}.{last}{i}@{Domains[random.Next(Domains.Length)]}{(random.Next(4) == 0 ? " " : "")}";
            status.Value = Statuses[random.Next(Statuses.Length)];
            created.Value = start.AddMinutes(random.Next(5_000_000)).ToString("O", System.Globalization.CultureInfo.InvariantCulture);

            // "street, city" pairs separated by "; ": none for every seventh customer, two for every third.
            string Address() => $"{random.Next(1, 200)} {Streets[random.Next(Streets.Length)]}, {Cities[random.Next(Cities.Length)]}";
            addresses.Value = i % 7 == 0 ? DBNull.Value : i % 3 == 1 ? $"{Address()}; {Address()}" : Address();
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
        return Customers;
    }

    /// <summary>The rows of the addresses table of a few customers, once it exists, as "position: street, city".</summary>
    public static Dictionary<long, List<string>> Addresses(string connectionString, params long[] ids)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'addresses'";
        var addresses = ids.ToDictionary(id => id, _ => new List<string>());
        if ((long)command.ExecuteScalar()! == 0)
            return addresses;

        command.CommandText = $"SELECT customer_id, position, street, city FROM addresses WHERE customer_id IN ({string.Join(", ", ids.Select((_, i) => $"$id{i}"))}) ORDER BY customer_id, position";
        for (var i = 0; i < ids.Length; i++)
            command.Parameters.AddWithValue($"$id{i}", ids[i]);
        using var reader = command.ExecuteReader();
        while (reader.Read())
            addresses[reader.GetInt64(0)].Add($"{reader.GetInt32(1)}: {reader.GetString(2)}, {reader.GetString(3)}");
        return addresses;
    }

    /// <summary>A few customers, column by column, with whichever columns exist at the time.</summary>
    public static Dictionary<long, Dictionary<string, object?>> Sample(string connectionString, params long[] ids)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM customers WHERE id IN ({string.Join(", ", ids.Select((_, i) => $"$id{i}"))})";
        for (var i = 0; i < ids.Length; i++)
            command.Parameters.AddWithValue($"$id{i}", ids[i]);
        using var reader = command.ExecuteReader();
        var rows = new Dictionary<long, Dictionary<string, object?>>();
        while (reader.Read())
        {
            rows[reader.GetInt64(0)] = Enumerable.Range(0, reader.FieldCount)
                .Where(i => reader.GetName(i) is not ("id" or "created_at"))
                .ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i));
        }

        return rows;
    }
}
