using Microsoft.Extensions.Logging;

namespace TrustLedger.Tests.Shared;

/// <summary>Appends log lines to a file named by TRUSTLEDGER_TEST_LOG (when set), for debugging a test run.</summary>
public sealed class FileLogger : ILogger
{
    private static readonly string? Path = Environment.GetEnvironmentVariable("TRUSTLEDGER_TEST_LOG");
    private static readonly Lock Gate = new();

    public static ILogger Instance { get; } = new FileLogger();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => Path is not null;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (Path is null) return;
        lock (Gate) File.AppendAllText(Path, $"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {formatter(state, exception)} {exception}\n");
    }
}
