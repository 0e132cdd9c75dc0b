using System.Data.Common;
using System.Globalization;
using FluentData.Execution;
using FluentData.Runner;
using FluentMigrator.Runner.Processors;
using Microsoft.Extensions.DependencyInjection;

namespace FluentData.Testing;

/// <summary>
/// Tests one data migration against a real database, the way it will run: migrate to just
/// before it, put the rows the test needs in place, migrate it, look at the rows. And check that
/// Up, Down and Up again leave the data as it was.
/// </summary>
/// <example>
/// <code>
/// using var tester = new DataMigrationTester(o =&gt; o.UseSqlite("Data Source=test.db").ScanIn(typeof(SplitCustomerName).Assembly));
/// tester.MigrateToJustBefore(2026_11_26_0002);
/// tester.Execute("INSERT INTO customers (id, full_name) VALUES (1, 'Ada Lovelace')");
/// tester.Migrate(2026_11_26_0002);
/// var row = tester.Rows("SELECT first_name, last_name FROM customers").Single();
/// // row["first_name"] == "Ada", row["last_name"] == "Lovelace"
/// tester.AssertRoundTrip(2026_11_26_0002, "customers");
/// </code>
/// </example>
public sealed class DataMigrationTester : IDisposable
{
    private readonly ServiceProvider _services;

    /// <summary>Sets up the runner as <c>AddDataMigrations</c> would, with the test's database and assemblies.</summary>
    /// <param name="configure">The database and the assemblies, as in <c>AddDataMigrations</c>.</param>
    /// <param name="services">More services the migrations need (constructor arguments, options).</param>
    public DataMigrationTester(Action<DataMigrationsBuilder> configure, Action<IServiceCollection>? services = null)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var collection = new ServiceCollection();
        collection.AddDataMigrations(configure);
        services?.Invoke(collection);
        _services = collection.BuildServiceProvider();
    }

    /// <summary>The runner, for anything the helpers do not cover.</summary>
    public IDataMigrationRunner Runner => _services.GetRequiredService<IDataMigrationRunner>();

    /// <summary>
    /// Brings the database to the state just before <paramref name="version"/>: every older
    /// migration applied, <paramref name="version"/> and newer ones not.
    /// </summary>
    public void MigrateToJustBefore(long version)
    {
        var migrations = Runner.ListMigrations();
        if (migrations.All(m => m.Version != version))
            throw new ArgumentException($"No migration has version {version}; the known versions are {string.Join(", ", migrations.Select(m => m.Version))}.", nameof(version));

        var previous = migrations.Where(m => m.Version < version).Select(m => m.Version).DefaultIfEmpty(0).Max();
        if (migrations.Any(m => m.Version >= version && m.IsApplied))
            Runner.MigrateDown(previous);
        if (previous > 0)
            Runner.MigrateUp(previous);
    }

    /// <summary>Applies the pending migrations up to and including <paramref name="version"/>.</summary>
    public MigrationRunResult Migrate(long version) => Runner.MigrateUp(version);

    /// <summary>Runs a statement (the test's own SQL); values go as parameters: <c>Execute("... WHERE id = @id", ("@id", 1))</c>.</summary>
    public int Execute(string sql, params (string Name, object? Value)[] parameters) =>
        WithConnection(connection =>
        {
            using var command = Command(connection, sql, parameters);
            return command.ExecuteNonQuery();
        });

    /// <summary>Every row of a query, as column → value (DBNull as null), in the query's order.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, object?>> Rows(string sql, params (string Name, object? Value)[] parameters) =>
        WithConnection(connection =>
        {
            using var command = Command(connection, sql, parameters);
            using var reader = command.ExecuteReader();
            var rows = new List<IReadOnlyDictionary<string, object?>>();
            while (reader.Read())
            {
                var row = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                for (var i = 0; i < reader.FieldCount; i++)
                    row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                rows.Add(row);
            }

            return (IReadOnlyList<IReadOnlyDictionary<string, object?>>)rows;
        });

    /// <summary>
    /// Applies <paramref name="version"/>, rolls it back, applies it again, and checks that the
    /// given tables hold the same data after the rollback as before it was first applied, and the
    /// same after the second Up as after the first. Leaves <paramref name="version"/> applied.
    /// </summary>
    /// <exception cref="RoundTripException">A table differs; the message names the first difference.</exception>
    public void AssertRoundTrip(long version, params string[] tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        if (tables.Length == 0)
            throw new ArgumentException("Name the tables the migration changes.", nameof(tables));

        MigrateToJustBefore(version);
        var before = Snapshot(tables);
        Migrate(version);
        var up = Snapshot(tables);
        MigrateToJustBefore(version);
        var migration = Runner.ListMigrations().Where(m => m.Version == version).Select(m => new MigrationIdentity(m.Name, m.Version)).FirstOrDefault();
        Compare(before, Snapshot(tables), $"after Down of migration {version}", "before its Up", migration);
        Migrate(version);
        Compare(up, Snapshot(tables), $"after the second Up of migration {version}", "after the first", migration);
    }

    /// <summary>Every row of each table as text, sorted: the same rows compare equal whatever the table's key or the database's order.</summary>
    private Dictionary<string, List<string>> Snapshot(string[] tables) =>
        tables.ToDictionary(t => t, t => Rows($"SELECT * FROM {Quote(t)}")
            .Select(r => string.Join(", ", r.Select(c => $"{c.Key}={Format(c.Value)}")))
            .Order(StringComparer.Ordinal)
            .ToList());

    private static void Compare(Dictionary<string, List<string>> expected, Dictionary<string, List<string>> actual, string when, string than, MigrationIdentity? migration)
    {
        foreach (var (table, rows) in expected)
        {
            var now = actual[table];
            var lost = rows.Except(now, StringComparer.Ordinal).FirstOrDefault();
            var gained = now.Except(rows, StringComparer.Ordinal).FirstOrDefault();
            if (lost is not null || gained is not null || rows.Count != now.Count)
            {
                throw new RoundTripException(
                    $"Table '{table}' {when} differs from {than} ({rows.Count} rows then, {now.Count} now): " +
                    $"{(lost is null ? "" : $"the row [{lost}] is gone")}{(lost is not null && gained is not null ? " and " : "")}{(gained is null ? "" : $"the row [{gained}] is new")}.")
                {
                    Migration = migration,
                    Table = table,
                };
            }
        }
    }

    private static string Format(object? value) => value switch
    {
        null => "NULL",
        byte[] bytes => Convert.ToHexString(bytes),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>Double quotes work as identifier quotes in SQLite and PostgreSQL, and in SQL Server with QUOTED_IDENTIFIER on (its default).</summary>
    private static string Quote(string table) => "\"" + table.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private T WithConnection<T>(Func<DbConnection, T> action)
    {
        // FluentMigrator's processor knows how to open the configured database; borrow its connection.
        using var scope = _services.CreateScope();
        var processor = RunProcessorAccessor.Unwrap(scope.ServiceProvider.GetRequiredService<IProcessorAccessor>().Processor)
            ?? throw new InvalidOperationException("The configured FluentMigrator processor has no connection.");
        var connection = (DbConnection)processor.Connection;
        if (connection.State != System.Data.ConnectionState.Open)
            connection.Open();
        return action(connection);
    }

    private static DbCommand Command(DbConnection connection, string sql, (string Name, object? Value)[] parameters) =>
        Commands.Create(connection, null, sql, null, parameters);

    /// <inheritdoc />
    public void Dispose() => _services.Dispose();
}
