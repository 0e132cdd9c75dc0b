using Microsoft.Extensions.Logging;

namespace FluentData.Tests.Infrastructure;

/// <summary>Every log entry of a test's container, to assert what a user would read in their logs.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    public List<(string Category, LogLevel Level, string Message)> Entries { get; } = [];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (logs.Entries)
                logs.Entries.Add((category, logLevel, formatter(state, exception)));
        }
    }
}
