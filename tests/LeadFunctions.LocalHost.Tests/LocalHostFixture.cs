using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using LeadFunctions.Webhooks.Canonical;
using LeadFunctions.LocalHost;
using LeadFunctions.Testing;
using LeadFunctions.Testing.Azurite;
using LeadFunctions.Testing.Maildev;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LeadFunctions.LocalHost.Tests;

[CollectionDefinition(Name)]
public sealed class LocalHostCollection : ICollectionFixture<LocalHostFixture>
{
    public const string Name = "local host end to end";
}

/// <summary>
/// A real Azurite, a real maildev, and the local host on a free loopback port, talking HTTP. The clock is a
/// FakeTimeProvider so decay can be tested by moving it; queue polling and host.json semantics are real (a
/// test host.json with short intervals).
/// </summary>
public sealed class LocalHostFixture : IAsyncLifetime
{
    public const string FunctionKey = "test-function-key-0123456789";
    public const string EventsSecret = "test-events-secret-0123456789";
    public const string SegmentSecret = "test-segment-secret";
    public const string LinkSecret = "test-handoff-link-secret-0123456789-abcdef";

    private string? _hostJson;

    public AzuriteFixture Azurite { get; } = new();

    public MaildevFixture Maildev { get; } = new();

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public WebApplication App { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public string QueueName { get; } = "lead-rescore-" + Guid.NewGuid().ToString("N")[..8];

    public string BacktestQueueName { get; } = "model-backtests-" + Guid.NewGuid().ToString("N")[..8];

    public string SuggestionQueueName { get; } = "model-suggestions-" + Guid.NewGuid().ToString("N")[..8];

    public ECDsa SendGridKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public async Task InitializeAsync()
    {
        await Task.WhenAll(Azurite.InitializeAsync(), Maildev.InitializeAsync());
        _hostJson = Path.Combine(Directory.CreateTempSubdirectory("localhost-tests-").FullName, "host.json");
        await File.WriteAllTextAsync(_hostJson, """
            { "version": "2.0", "extensions": { "queues": {
                "maxPollingInterval": "00:00:00.200", "visibilityTimeout": "00:00:00.100",
                "batchSize": 16, "newBatchThreshold": 8, "maxDequeueCount": 3 } } }
            """);
        (App, Client) = await StartHostAsync(Settings());
    }

    public Dictionary<string, string?> Settings() => new()
    {
        ["AzureWebJobsStorage"] = Azurite.ConnectionString,
        ["RescoreQueueName"] = QueueName,
        ["BacktestQueueName"] = BacktestQueueName,
        ["SuggestionQueueName"] = SuggestionQueueName,
        ["DecayAndNotifySchedule"] = "0 0 0 1 1 *",
        ["Models:ReviewSchedule"] = "0 0 0 1 1 *", // the tests run the review through the admin API
        ["Models:ReviewRecipient"] = "marketing-ops@example.com",
        ["Storage:TablePrefix"] = "e2e" + Guid.NewGuid().ToString("N")[..8],
        ["Capture:AllowedOrigins"] = "https://www.example.com",
        ["Capture:RateLimitPerMinute"] = "100000",
        ["Webhooks:EventsSecret"] = EventsSecret,
        ["Webhooks:SegmentSharedSecret"] = SegmentSecret,
        ["Webhooks:SendGridPublicKey"] = Convert.ToBase64String(SendGridKey.ExportSubjectPublicKeyInfo()),
        ["Smtp:Host"] = "127.0.0.1",
        ["Smtp:Port"] = Maildev.SmtpPort.ToString(CultureInfo.InvariantCulture),
        ["Smtp:EnableSsl"] = "false",
        ["Smtp:FromAddress"] = "leadfunctions@example.com",
        ["Notifications:DefaultRecipient"] = "sales@example.com",
        ["Notifications:PublicBaseUrl"] = "http://localhost:7071/api/", // the host's own address once it has a port
        ["Handoff:LinkSecret"] = LinkSecret,
        ["Notifications:Routes:0:Countries"] = "DE,AT,CH",
        ["Notifications:Routes:0:Recipient"] = "dach-sales@example.com",
        ["LocalHost:FunctionKey"] = FunctionKey,
        ["LocalHost:HostJsonPath"] = _hostJson,
    };

    /// <summary>Starts a local host with these settings on a free port (a second one for a test, or the main one).</summary>
    public async Task<(WebApplication App, HttpClient Client)> StartHostAsync(
        Dictionary<string, string?> settings,
        Action<WebApplicationBuilder>? configure = null)
    {
        var port = FreePorts.Pick(1)[0];
        settings["urls"] = $"http://127.0.0.1:{port}";
        settings["Notifications:PublicBaseUrl"] = $"http://127.0.0.1:{port}/api/"; // the sales emails link to this host
        var app = LocalHostApplication.Create([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Services.AddSingleton<TimeProvider>(Clock);
            configure?.Invoke(builder);
        });
        await app.StartAsync();
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        return (app, client);
    }

    /// <summary>A request to a function-key route.</summary>
    public HttpRequestMessage Keyed(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("x-functions-key", FunctionKey);
        return request;
    }

    /// <summary>POST /api/events signed with the events secret at the fake clock's time.</summary>
    public HttpRequestMessage SignedEvents(string json, DateTimeOffset? signedAt = null, string? secret = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/events")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(
            CanonicalSignatureVerifier.HeaderName,
            CanonicalSignatureVerifier.CreateHeader(secret ?? EventsSecret, signedAt ?? Clock.GetUtcNow(), Encoding.UTF8.GetBytes(json)));
        return request;
    }

    /// <summary>POST /api/webhooks/sendgrid signed as SendGrid signs (ECDSA P-256 over timestamp + body) at the fake clock's time.</summary>
    public HttpRequestMessage SignedSendGrid(string json)
    {
        var timestamp = Clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = Convert.ToBase64String(SendGridKey.SignData(
            Encoding.UTF8.GetBytes(timestamp + json), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        var request = new HttpRequestMessage(HttpMethod.Post, "api/webhooks/sendgrid")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Twilio-Email-Event-Webhook-Signature", signature);
        request.Headers.Add("X-Twilio-Email-Event-Webhook-Timestamp", timestamp);
        return request;
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }

        SendGridKey.Dispose();
        await Task.WhenAll(Azurite.DisposeAsync(), Maildev.DisposeAsync());
    }
}
