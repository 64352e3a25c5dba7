using System.Text.Json;
using LeadFunctions.FunctionApp.Functions;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace LeadFunctions.Tests.Functions;

[Collection(FunctionAppCollection.Name)]
public sealed class BackgroundFunctionsTests(FunctionAppFixture app)
{
    [Fact]
    public async Task RescoreLead_scores_the_lead_a_queue_message_names_as_the_queue_extension_delivers_it()
    {
        var leadId = await app.CaptureLeadAsync(
            new { email = $"queue.{Guid.NewGuid():N}@example.org", jobTitle = "Director of Marketing", companySize = "201-1000" });
        Assert.Null((await app.GetLeadAsync(leadId))!["scoredAt"]);

        var stored = await app.TakeQueuedMessageAsync(text => FunctionAppFixture.NamesLead(text, leadId), $"lead {leadId}");
        Assert.False(
            stored.TrimStart().StartsWith('{'),
            $"The queue holds '{stored}': the app must store base64, as host.json's messageEncoding says.");
        await app.InvokeAsync<BackgroundFunctions>(
            (functions, ct) => functions.RescoreLeadAsync(FunctionAppFixture.AsDelivered(stored), ct));

        var lead = await app.GetLeadAsync(leadId);
        Assert.NotNull(lead!["scoredAt"]);
        Assert.True(lead["fitScore"]!.GetValue<decimal>() > 0);
        Assert.Equal("b2b-saas-2026.11.1", lead["modelVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task DecayAndNotify_emails_a_new_sql_to_sales_once()
    {
        var email = $"sql.{Guid.NewGuid():N}@northwind.example";
        var leadId = await app.CaptureLeadAsync(
            new { email, jobTitle = "Director of Marketing", companySize = "201-1000", industry = "Software", country = "DE" });
        var events = JsonSerializer.Serialize(
            new[]
            {
                new { eventId = "demo-" + leadId, email, type = "Demo Requested", occurredAt = DateTimeOffset.UtcNow.AddMinutes(-5) },
            });
        var posted = await app.InvokeHttpAsync<WebhookFunctions>(
            app.SignedEvents(events),
            (functions, request, ct) => functions.IngestEventsAsync(request, ct));
        Assert.Equal(StatusCodes.Status202Accepted, posted.StatusCode);
        await app.RescoreThroughTheQueueAsync(leadId);
        Assert.Equal("SQL", (await app.GetLeadAsync(leadId))!["stage"]!.GetValue<string>());

        await app.InvokeAsync<BackgroundFunctions>((functions, ct) => functions.DecayAndNotifyAsync(Timer(), ct));
        await app.InvokeAsync<BackgroundFunctions>((functions, ct) => functions.DecayAndNotifyAsync(Timer(), ct));

        var emails = await app.Maildev.WaitForEmailsAsync(1, TimeSpan.FromSeconds(10));
        var sent = Assert.Single(
            emails,
            e => e.Headers.GetValueOrDefault("x-leadfunctions-handoff", string.Empty).StartsWith(leadId, StringComparison.Ordinal));
        Assert.Equal(app.Settings["Notifications:DefaultRecipient"], Assert.Single(sent.To));
        Assert.NotNull((await app.GetLeadAsync(leadId))!["salesNotifiedAt"]);
    }

    /// <summary>The timer's input as the timer extension binds it for a run on schedule.</summary>
    private static TimerInfo Timer() => new()
    {
        IsPastDue = false,
        ScheduleStatus = new ScheduleStatus
        {
            Last = DateTime.UtcNow.AddMinutes(-15),
            Next = DateTime.UtcNow.AddMinutes(15),
            LastUpdated = DateTime.UtcNow,
        },
    };
}
