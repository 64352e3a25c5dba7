using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LeadFunctions.Testing.Maildev;

namespace LeadFunctions.LocalHost.Tests.Sales;

/// <summary>
/// A lead made an SQL over HTTP (a form and a signed demo request), handed to sales by the timer, and the link from
/// its email as maildev received it.
/// </summary>
internal sealed partial record HandedOffLead(string LeadId, string Email, Uri Link, ReceivedEmail Message)
{
    public const string JobTitle = "<script>alert(1)</script> Director of Marketing";

    public string Token => Link.Segments[^1];

    public static async Task<HandedOffLead> CreateAsync(LocalHostFixture host, HttpClient? client = null)
    {
        client ??= host.Client;
        var email = $"dana.{Guid.NewGuid():N}@northwind.example";
        var leadId = await CaptureAsync(client, email);
        var now = host.Clock.GetUtcNow();
        var events = JsonSerializer.Serialize(new object[]
        {
            new
            {
                eventId = "p-" + leadId,
                email,
                type = "Page Viewed",
                occurredAt = now.AddMinutes(-40),
                properties = new { path = "/pricing" },
            },
            new
            {
                eventId = "w-" + leadId,
                email,
                type = "Webinar Attended",
                occurredAt = now.AddMinutes(-30),
                properties = new { webinarId = "w-2026-11" },
            },
            new { eventId = "d-" + leadId, email, type = "Demo Requested", occurredAt = now.AddMinutes(-10) },
        });
        using var posted = await client.SendAsync(host.SignedEvents(events));
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        await Eventually.GetAsync(
            () => GetLeadAsync(host, leadId, client),
            lead => lead?["stage"]?.GetValue<string>() == "SQL",
            $"lead {leadId} to become an SQL");
        await RunTimerAsync(host, client);
        var message = await WaitForEmailAsync(host, leadId, email => !IsReminder(email));
        return new HandedOffLead(leadId, email, new Uri(LinkIn(message)), message);
    }

    public static async Task<JsonNode?> GetLeadAsync(LocalHostFixture host, string leadId, HttpClient? client = null)
    {
        using var response = await (client ?? host.Client).SendAsync(host.Keyed(HttpMethod.Get, $"api/leads/{leadId}"));
        return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<JsonNode>() : null;
    }

    /// <summary>Runs DecayAndNotify now (the Functions admin API): hand-offs and SLA reminders go out.</summary>
    public static async Task RunTimerAsync(LocalHostFixture host, HttpClient? client = null)
    {
        using var request = host.Keyed(HttpMethod.Post, "admin/functions/DecayAndNotify");
        request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        using var response = await (client ?? host.Client).SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    /// <summary>Every email of the lead so far (hand-offs and reminders), recognised by the X-LeadFunctions-Handoff header.</summary>
    public static async Task<IReadOnlyList<ReceivedEmail>> EmailsOfAsync(LocalHostFixture host, string leadId) =>
        [
            .. (await host.Maildev.GetEmailsAsync()).Where(
                e => e.Headers.GetValueOrDefault("x-leadfunctions-handoff", string.Empty)
                    .StartsWith(leadId + "/", StringComparison.Ordinal)),
        ];

    public static async Task<ReceivedEmail> WaitForEmailAsync(LocalHostFixture host, string leadId, Func<ReceivedEmail, bool> wanted) =>
        (await Eventually.GetAsync(() => EmailsOfAsync(host, leadId), emails => emails.Any(wanted), $"an email of lead {leadId}"))
            .First(wanted);

    public static bool IsReminder(ReceivedEmail email) => email.MessageId?.StartsWith("<reminder.", StringComparison.Ordinal) == true;

    public static string LinkIn(ReceivedEmail email) => LinkLine().Match(email.Text).Groups[1].Value;

    private static async Task<string> CaptureAsync(HttpClient client, string email)
    {
        using var response = await client.PostAsJsonAsync("api/leads", new
        {
            email,
            firstName = "Dana",
            lastName = "Scully",
            company = "Northwind Traders",
            jobTitle = JobTitle,
            companySize = "201-1000",
            industry = "Software",
            country = "DE",
            phone = "+49 30 1234567",
            budget = "60k",
            timeline = "3 months",
            need = "Qualify our inbound leads automatically",
        });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["leadId"]!.GetValue<string>();
    }

    [GeneratedRegex(@"Accept or reject this lead: (\S+)")]
    private static partial Regex LinkLine();
}
