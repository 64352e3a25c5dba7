using System.Text;
using LeadFunctions.Engagement;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LeadFunctions.Webhooks.Tests;

/// <summary>A fixed clock, settings and helpers shared by the tests.</summary>
internal static class TestData
{
    public static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    public const string EventsSecret = "events-secret-0123456789";

    public const string SegmentSecret = "segment-shared-secret";

    public static FakeTimeProvider Clock(DateTimeOffset? now = null) => new(now ?? Now);

    public static IOptions<WebhookOptions> Options(Action<WebhookOptions>? configure = null)
    {
        var options = new WebhookOptions { EventsSecret = EventsSecret, SegmentSharedSecret = SegmentSecret };
        configure?.Invoke(options);
        return Microsoft.Extensions.Options.Options.Create(options);
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static Func<string, string?> Headers(params (string Name, string? Value)[] headers) =>
        name =>
        {
            foreach (var (key, value) in headers)
            {
                if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
                {
                    return value;
                }
            }

            return null;
        };

    /// <summary>Every rejection reason of a parse, for assertions that they hold no personal data.</summary>
    public static IEnumerable<string> Reasons(PayloadParseResult result) =>
        result.Events?.Rejected.Select(item => item.Reason) ?? [];

    public static RejectedItem SingleRejection(PayloadParseResult result)
    {
        Assert.True(result.IsValid, result.Error);
        Assert.Empty(result.Events.Accepted);
        return Assert.Single(result.Events.Rejected);
    }

    public static IncomingEvent SingleAccepted(PayloadParseResult result)
    {
        Assert.True(result.IsValid, result.Error);
        Assert.Empty(result.Events.Rejected);
        return Assert.Single(result.Events.Accepted);
    }
}
