using Microsoft.Extensions.DependencyInjection;

namespace FluentData.Tests.Infrastructure;

/// <summary>
/// A test class that migrates one fresh database with the migrations of one namespace. The
/// database is created when a test first touches it (so a missing PostgreSQL skips the test),
/// and dropped afterwards.
/// </summary>
public abstract class MigrationTests<TDatabase>(string migrationNamespace) : IDisposable
    where TDatabase : TestDatabase, new()
{
    private TDatabase? _database;
    private ServiceProvider? _services;

    protected TDatabase Db => _database ??= new TDatabase();

    protected ServiceProvider Services => _services ??= Migrator.For(Db, migrationNamespace, ConfigureServices);

    protected IDataMigrationRunner Runner => Services.Runner();

    /// <summary>What the test's migrations need in the container (their scenario, say).</summary>
    protected abstract void ConfigureServices(IServiceCollection services);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        _services?.Dispose();
        _database?.Dispose();
    }
}
