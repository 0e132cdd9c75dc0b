using FluentMigrator.Runner;
using Microsoft.Extensions.Logging;

namespace FluentData.Runner;

/// <summary>
/// FluentMigrator's runner logs the error that stops a migration, with its stack, and then throws
/// it; FluentData hands that error to the caller, so it would appear twice. The runner's own
/// errors are left to the caller; everything else it logs goes through.
/// </summary>
internal sealed class RunnerErrorsToCaller(ILoggerFactory factory) : ILogger<MigrationRunner>
{
    private readonly ILogger _inner = factory.CreateLogger<MigrationRunner>();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => _inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => logLevel < LogLevel.Error && _inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
            _inner.Log(logLevel, eventId, state, exception, formatter);
    }
}
