namespace LeadFunctions.Diagnostics;

/// <summary>
/// What to log in place of an exception whose message can carry personal data (an SMTP relay's or the storage
/// service's answer can name an address): the original type, its stack trace and its inner exceptions, each with
/// the message removed. Application Insights keeps the type and the stack trace; no address reaches the logs.
/// </summary>
public sealed class RedactedException : Exception
{
    private readonly string? _stackTrace;

    public RedactedException()
    {
    }

    public RedactedException(string message)
        : base(message)
    {
    }

    public RedactedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    private RedactedException(Exception original)
        : base(
            $"{original.GetType().FullName} (message redacted)",
            original.InnerException is { } inner ? new RedactedException(inner) : null)
    {
        _stackTrace = original.StackTrace;
        OriginalType = original.GetType().FullName;
        HResult = original.HResult;
    }

    /// <summary>The full name of the exception's type before redaction.</summary>
    public string? OriginalType { get; }

    /// <summary>The stack trace of the original exception (where it was thrown).</summary>
    public override string? StackTrace => _stackTrace ?? base.StackTrace;

    /// <summary>The exception with every message in its chain removed.</summary>
    public static RedactedException From(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new RedactedException(exception);
    }
}
