using Microsoft.Extensions.Logging;

namespace LeadFunctions.Testing.Logging;

/// <summary>One log line as <see cref="CapturingLoggerProvider"/> kept it.</summary>
public sealed record CapturedLogLine(string Category, LogLevel Level, string Message)
{
    public override string ToString() => $"{Level} {Category}: {Message}";
}
