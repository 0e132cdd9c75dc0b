using FluentData;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Sample.App;

/// <summary>
/// The shape of a real service: a generic host with <c>RunAtStartup()</c>. Start several copies
/// at once and they take turns at the database lock; only one applies anything.
/// </summary>
internal static partial class StartupSample
{
    public static void Run(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Information).AddFilter("FluentMigrator", LogLevel.Warning);
        builder.Services.AddDataMigrations(o => o.RunAtStartup());
        builder.Services.AddHostedService<CustomerApi>();
        builder.Build().Run();
    }

    /// <summary>Stands in for the web server: it starts only after the migrations are in.</summary>
    private sealed partial class CustomerApi(IDataMigrationRunner runner, IHostApplicationLifetime lifetime, ILogger<CustomerApi> logger) : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken)
        {
            var pending = runner.ListMigrations().Count(m => m.IsPending);
            LogServing(pending);
            lifetime.StopApplication();
            return Task.CompletedTask;
        }

        [LoggerMessage(Level = LogLevel.Information, Message = "Customer API serving; pending migrations: {Pending}")]
        private partial void LogServing(int pending);
    }
}
