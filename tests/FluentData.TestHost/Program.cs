using FluentData;
using Microsoft.Extensions.DependencyInjection;

// Usage: FluentData.TestHost <sqlite|postgres> <connection string>
// Applies the counting migrations; FLUENTDATA_TEST_BATCH, FLUENTDATA_TEST_THROTTLE_MS and
// FLUENTDATA_TEST_CONNECTIONS shape the online transform so a test can kill this process part-way through it.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: FluentData.TestHost <sqlite|postgres> <connection string>");
    return 2;
}

var services = new ServiceCollection();
services.AddDataMigrations(o =>
{
    _ = args[0] == "postgres" ? o.UsePostgres(args[1]) : o.UseSqlite(args[1]);
    o.ScanIn(typeof(Program).Assembly).WithLockTimeout(TimeSpan.FromMinutes(2));
});
using var provider = services.BuildServiceProvider();
try
{
    var result = provider.GetRequiredService<IDataMigrationRunner>().MigrateUp();
    Console.WriteLine($"applied {string.Join(",", result.Migrations.Select(m => m.Version))}; rows {result.RowsTransformed}");
    return 0;
}
catch (DataMigrationException e)
{
    Console.Error.WriteLine(e);
    return 1;
}
