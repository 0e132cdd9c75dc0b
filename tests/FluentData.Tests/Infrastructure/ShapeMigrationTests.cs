using FluentData.Tests.Migrations.Shapes;
using Microsoft.Extensions.DependencyInjection;

namespace FluentData.Tests.Infrastructure;

/// <summary>
/// Tests that run the shape migrations (version 1 in a transaction, 2 online, 3 online with a
/// generated Down()) with what each test puts in <see cref="Scenario"/>; every progress report is
/// logged in <see cref="Progress"/>, and <see cref="Stop"/> can cancel a run after some batches.
/// </summary>
public abstract class ShapeMigrationTests<TDatabase>() : MigrationTests<TDatabase>("FluentData.Tests.Migrations.Shapes")
    where TDatabase : TestDatabase, new()
{
    protected ShapeScenario Scenario { get; } = new();

    protected ProgressLog Progress { get; } = new();

    protected StopAfterBatches Stop { get; } = new();

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton(Scenario);
        services.AddDataMigrations(o => o.ReportProgressTo(new BothProgress(Stop, Progress)));
    }

    protected override void Dispose(bool disposing)
    {
        Stop.Dispose();
        base.Dispose(disposing);
    }
}
