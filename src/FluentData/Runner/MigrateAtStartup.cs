using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FluentData.Runner;

/// <summary>
/// Applies pending migrations while the host starts, before the services registered after it
/// (a web server, say) start serving. Several instances starting together meet at the database
/// lock: one migrates, the others wait and find nothing left. A failure stops the host.
/// </summary>
internal sealed partial class MigrateAtStartup(IDataMigrationRunner runner, ILogger<MigrateAtStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // The runner is synchronous (so is FluentMigrator); the host's start is ours to hold up.
        var result = runner.MigrateUp(cancellationToken);
        LogStartup(result.Migrations.Count, result.RowsTransformed, result.Elapsed);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Migrated at startup: {Count} migrations, {Rows} rows transformed, {Elapsed}")]
    private partial void LogStartup(int count, long rows, TimeSpan elapsed);
}
