using FluentData.Tests.Infrastructure;
using FluentMigrator.Runner.Initialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FluentData.Tests.Runner;

public sealed class StartupTests : IDisposable
{
    private readonly SqliteTestDatabase _database = new();

    [Fact]
    public async Task RunAtStartup_migrates_before_the_services_registered_after_it_start()
    {
        var seen = new List<string>();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddDataMigrations(o => _database.Use(o).ScanIn(typeof(StartupTests).Assembly).RunAtStartup());
        builder.Services.AddDataMigrations(o => o.RunAtStartup());
        builder.Services.Configure<TypeFilterOptions>(o => o.Namespace = "FluentData.Tests.Migrations.Registration");
        builder.Services.AddSingleton<IHostedService>(new Probe(() =>
            seen.Add(string.Join(",", _database.Rows("SELECT name FROM widgets ORDER BY id").Select(r => r[0])))));
        using var host = builder.Build();

        await host.StartAsync();
        await host.StopAsync();

        seen.ShouldBe(["widget a,widget b"]);
        host.Services.GetServices<IHostedService>().Count().ShouldBe(2);
    }

    [Fact]
    public async Task A_failing_migration_at_startup_stops_the_host_from_starting()
    {
        var started = false;
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddDataMigrations(o => _database.Use(o).ScanIn(typeof(StartupTests).Assembly).RunAtStartup());
        builder.Services.Configure<TypeFilterOptions>(o => o.Namespace = "FluentData.Tests.Migrations.Broken");
        builder.Services.AddSingleton<IHostedService>(new Probe(() => started = true));
        using var host = builder.Build();

        await Should.ThrowAsync<Exception>(() => host.StartAsync());

        started.ShouldBeFalse();
    }

    public void Dispose() => _database.Dispose();

    private sealed class Probe(Action onStart) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            onStart();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
