using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.Testing.Logging;

/// <summary>
/// Keeps every log line a host writes (category, level, formatted message and exception) so a test can grep them: add
/// it with <c>builder.Logging.AddProvider</c>. It sees what the host's filters let through, as any provider does.
/// </summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<CapturedLogLine> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(
            LogLevel logLevel,
            EventId eventId,
            TState state,
            Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            provider.Lines.Enqueue(new CapturedLogLine(category, logLevel, formatter(state, exception) + " " + exception));
        }
    }
}
