using System.Net.Mail;
using LeadFunctions.Diagnostics;

namespace LeadFunctions.Core.Tests.Diagnostics;

public sealed class RedactedExceptionTests
{
    private const string Address = "dana@northwind.example";

    [Fact]
    public void Keeps_the_type_and_the_stack_trace_and_drops_every_message()
    {
        var original = Thrown(() => throw new SmtpFailedRecipientException(SmtpStatusCode.MailboxUnavailable, Address));

        var redacted = RedactedException.From(original);

        Assert.Equal(typeof(SmtpFailedRecipientException).FullName, redacted.OriginalType);
        Assert.Contains(nameof(SmtpFailedRecipientException), redacted.Message, StringComparison.Ordinal);
        Assert.Equal(original.StackTrace, redacted.StackTrace);
        Assert.Contains(nameof(Thrown), redacted.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Address, redacted.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Redacts_inner_exceptions_too()
    {
        var original = Thrown(() => throw new InvalidOperationException("wrapper", new IOException($"relay refused {Address}")));

        var redacted = RedactedException.From(original);

        var inner = Assert.IsType<RedactedException>(redacted.InnerException);
        Assert.Equal(typeof(IOException).FullName, inner.OriginalType);
        Assert.DoesNotContain(Address, redacted.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("wrapper", redacted.ToString(), StringComparison.Ordinal);
    }

    private static Exception Thrown(Action action)
    {
        try
        {
            action();
        }
        catch (Exception exception)
        {
            return exception;
        }

        throw new InvalidOperationException("The action did not throw.");
    }
}
