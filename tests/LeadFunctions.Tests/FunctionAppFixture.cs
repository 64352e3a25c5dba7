using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using LeadFunctions.FunctionApp;
using LeadFunctions.FunctionApp.Functions;
using LeadFunctions.Testing.Azurite;
using LeadFunctions.Testing.Maildev;
using LeadFunctions.Webhooks.Canonical;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Tests;

/// <summary>
/// The worker host as Program.cs builds it (<see cref="FunctionAppBuilder"/>), with the sample settings pointed at a
/// real Azurite and a real maildev, and the function classes created from its services for each call, as the worker
/// creates them for each invocation. Only <c>Run</c> needs the Functions host; the functions are called directly.
/// </summary>
public sealed class FunctionAppFixture : IAsyncLifetime
{
    private QueueClient? _queue;
    private QueueClient? _backtestQueue;
    private QueueClient? _suggestionQueue;

    public AzuriteFixture Azurite { get; } = new();

    public MaildevFixture Maildev { get; } = new();

    public string QueueName { get; } = "lead-rescore-" + Guid.NewGuid().ToString("N")[..8];

    public string BacktestQueueName { get; } = "model-backtests-" + Guid.NewGuid().ToString("N")[..8];

    public string SuggestionQueueName { get; } = "model-suggestions-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>SendGrid's verification key pair (the sample leaves the SendGrid route off).</summary>
    public ECDsa SendGridKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public IHost Host { get; private set; } = null!;

    public Dictionary<string, string?> Settings { get; private set; } = [];

    public string EventsSecret => Settings["Webhooks:EventsSecret"]!;

    public string SegmentSecret => Settings["Webhooks:SegmentSharedSecret"]!;

    public async Task InitializeAsync()
    {
        await Task.WhenAll(Azurite.InitializeAsync(), Maildev.InitializeAsync());
        Settings = SampleSettings.Load(
            ("AzureWebJobsStorage", Azurite.ConnectionString),
            ("RescoreQueueName", QueueName),
            ("BacktestQueueName", BacktestQueueName),
            ("SuggestionQueueName", SuggestionQueueName),
            ("Storage__TablePrefix", "fn" + Guid.NewGuid().ToString("N")[..8]),
            ("Smtp__Port", Maildev.SmtpPort.ToString(CultureInfo.InvariantCulture)),
            ("Webhooks__SendGridPublicKey", Convert.ToBase64String(SendGridKey.ExportSubjectPublicKeyInfo())));
        Host = FunctionAppBuilder.Create([], builder => builder.Configuration.AddInMemoryCollection(Settings)).Build();
        Host.Services.GetRequiredService<IStartupValidator>().Validate();
        _queue = new QueueClient(Azurite.ConnectionString, QueueName);
        _backtestQueue = new QueueClient(Azurite.ConnectionString, BacktestQueueName);
        _suggestionQueue = new QueueClient(Azurite.ConnectionString, SuggestionQueueName);
    }

    /// <summary>Calls an HTTP function and writes its result to the response, as the worker's ASP.NET Core integration does.</summary>
    public async Task<FunctionResponse> InvokeHttpAsync<TFunctions>(
        HttpContext context,
        Func<TFunctions, HttpRequest, CancellationToken, Task<IActionResult>> function)
        where TFunctions : class
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(function);
        await using var scope = Host.Services.CreateAsyncScope();
        context.RequestServices = scope.ServiceProvider;
        var result = await function(
            ActivatorUtilities.CreateInstance<TFunctions>(scope.ServiceProvider),
            context.Request,
            CancellationToken.None);
        await result.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
        return await FunctionResponse.ReadAsync(context.Response);
    }

    /// <summary>Calls a queue or timer function.</summary>
    public async Task InvokeAsync<TFunctions>(Func<TFunctions, CancellationToken, Task> function)
        where TFunctions : class
    {
        ArgumentNullException.ThrowIfNull(function);
        await using var scope = Host.Services.CreateAsyncScope();
        await function(ActivatorUtilities.CreateInstance<TFunctions>(scope.ServiceProvider), CancellationToken.None);
    }

    /// <summary>Posts a landing-page form to CaptureLead and returns the lead's id.</summary>
    public async Task<string> CaptureLeadAsync(object form)
    {
        var context = FunctionRequest.Create("POST", "/api/leads", JsonSerializer.Serialize(form));
        var response = await InvokeHttpAsync<CaptureFunctions>(
            context,
            (functions, request, ct) => functions.CaptureLeadAsync(request, ct));
        Assert.Equal(StatusCodes.Status202Accepted, response.StatusCode);
        return response.Json()["leadId"]!.GetValue<string>();
    }

    /// <summary>The lead as GetLead answers it; null when GetLead answers 404.</summary>
    public async Task<JsonNode?> GetLeadAsync(string leadId)
    {
        var context = FunctionRequest.Create("GET", $"/api/leads/{leadId}");
        context.Request.RouteValues["leadId"] = leadId;
        var response = await InvokeHttpAsync<LeadApiFunctions>(
            context,
            (functions, request, ct) => functions.GetLeadAsync(request, leadId, ct));
        return response.StatusCode == StatusCodes.Status404NotFound ? null : response.Json();
    }

    /// <summary>A POST /api/events request signed with the events secret, as the tests of the local host sign it.</summary>
    public DefaultHttpContext SignedEvents(string json)
    {
        var context = FunctionRequest.Create("POST", "/api/events", json);
        context.Request.Headers[CanonicalSignatureVerifier.HeaderName] =
            CanonicalSignatureVerifier.CreateHeader(EventsSecret, DateTimeOffset.UtcNow, Encoding.UTF8.GetBytes(json));
        return context;
    }

    /// <summary>
    /// Takes the first rescore message that <paramref name="isWanted"/> picks (given the text the trigger would bind)
    /// off the queue, and returns it as the queue stores it. Others are left for their tests.
    /// </summary>
    public Task<string> TakeQueuedMessageAsync(Func<string, bool> isWanted, string what) => TakeAsync(_queue!, isWanted, what);

    /// <summary>Takes the first backtest message that <paramref name="isWanted"/> picks off the backtest queue, as stored.</summary>
    public Task<string> TakeBacktestMessageAsync(Func<string, bool> isWanted, string what) =>
        TakeAsync(_backtestQueue!, isWanted, what);

    /// <summary>Takes the first suggestion message that <paramref name="isWanted"/> picks off the suggestion queue, as stored.</summary>
    public Task<string> TakeSuggestionMessageAsync(Func<string, bool> isWanted, string what) =>
        TakeAsync(_suggestionQueue!, isWanted, what);

    private static async Task<string> TakeAsync(QueueClient queue, Func<string, bool> isWanted, string what)
    {
        ArgumentNullException.ThrowIfNull(isWanted);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var received = await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(1));
            foreach (var message in received.Value)
            {
                if (isWanted(AsDelivered(message.MessageText)))
                {
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                    return message.MessageText;
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No queue message for {what} arrived on {queue.Name}.");
    }

    /// <summary>
    /// The string the queue trigger binds for a message stored as <paramref name="stored"/>: host.json's
    /// <c>messageEncoding</c> is base64, so the extension decodes the stored text and binds its UTF-8 text.
    /// </summary>
    public static string AsDelivered(string stored) => Encoding.UTF8.GetString(Convert.FromBase64String(stored));

    /// <summary>Takes the rescore message of one lead off the queue and runs RescoreLead with it.</summary>
    public async Task RescoreThroughTheQueueAsync(string leadId)
    {
        var stored = await TakeQueuedMessageAsync(text => NamesLead(text, leadId), $"lead {leadId}");
        await InvokeAsync<BackgroundFunctions>((functions, ct) => functions.RescoreLeadAsync(AsDelivered(stored), ct));
    }

    public static bool NamesLead(string delivered, string leadId) =>
        JsonNode.Parse(delivered)?["leadId"]?.GetValue<string>() == leadId;

    public async Task DisposeAsync()
    {
        Host?.Dispose();
        SendGridKey.Dispose();
        await Task.WhenAll(Azurite.DisposeAsync(), Maildev.DisposeAsync());
    }
}
