using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using LeadFunctions.FunctionApp.Functions;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace LeadFunctions.Tests.Functions;

[Collection(FunctionAppCollection.Name)]
public sealed partial class SalesFunctionsTests(FunctionAppFixture app)
{
    [Fact]
    public async Task GetHandoffPage_shows_the_lead_of_the_email_s_link_without_a_function_key()
    {
        var (leadId, token) = await HandedOffLeadAsync();

        var page = await GetPageAsync(token);

        Assert.Equal(StatusCodes.Status200OK, page.StatusCode);
        Assert.Equal("text/html; charset=utf-8", page.ContentType);
        Assert.StartsWith(
            "default-src 'none'; style-src 'sha256-",
            page.Headers.ContentSecurityPolicy.ToString(),
            StringComparison.Ordinal);
        Assert.Equal("no-store", page.Headers.CacheControl.ToString());
        Assert.Equal("no-referrer", page.Headers["Referrer-Policy"].ToString());
        Assert.Contains(leadId, page.Body, StringComparison.Ordinal);
        Assert.Contains("Accept this lead", page.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostHandoffAction_accepts_the_lead_with_the_page_s_own_form()
    {
        var (leadId, token) = await HandedOffLeadAsync();
        var page = await GetPageAsync(token);
        var verification = AcceptVerification().Match(page.Body).Groups[1].Value;

        var context = FunctionRequest.Create(
            "POST",
            $"/api/handoffs/{token}",
            $"action=accept&verification={Uri.EscapeDataString(WebUtility.HtmlDecode(verification))}",
            "application/x-www-form-urlencoded");
        context.Request.RouteValues["token"] = token;
        var answer = await app.InvokeHttpAsync<SalesFunctions>(
            context,
            (functions, request, ct) => functions.PostHandoffActionAsync(request, token, ct));

        Assert.Equal(StatusCodes.Status200OK, answer.StatusCode);
        Assert.Contains("Accepted.", answer.Body, StringComparison.Ordinal);
        Assert.Equal("SAL", (await app.GetLeadAsync(leadId))!["stage"]!.GetValue<string>());
    }

    [Fact]
    public async Task PostLeadStatus_records_a_won_deal_once_per_external_id()
    {
        var leadId = await app.CaptureLeadAsync(new { email = $"won.{Guid.NewGuid():N}@example.org", jobTitle = "Engineer" });
        var body = JsonSerializer.Serialize(new { status = "won", reason = "Annual plan", actor = "crm", externalId = "opp-" + leadId });

        var first = await PostStatusAsync(leadId, body);
        var replay = await PostStatusAsync(leadId, body);

        Assert.Equal((StatusCodes.Status200OK, "recorded"), (first.StatusCode, first.Json()["result"]!.GetValue<string>()));
        Assert.Equal((StatusCodes.Status200OK, "unchanged"), (replay.StatusCode, replay.Json()["result"]!.GetValue<string>()));
        var lead = (await app.GetLeadAsync(leadId))!;
        Assert.Equal("Won", lead["stage"]!.GetValue<string>());
        Assert.Equal(
            ("won", "Annual plan"),
            (lead["outcome"]!["status"]!.GetValue<string>(), lead["outcome"]!["reason"]!.GetValue<string>()));
        Assert.Single(lead["stageHistory"]!.AsArray(), change => change!["action"]?.GetValue<string>() == "Won");
    }

    [Fact]
    public async Task PostLeadStatus_names_the_bad_field()
    {
        var leadId = await app.CaptureLeadAsync(new { email = $"bad.{Guid.NewGuid():N}@example.org" });

        var answer = await PostStatusAsync(leadId, """{"status":"rejected","reason":"Because"}""");

        Assert.Equal(StatusCodes.Status400BadRequest, answer.StatusCode);
        Assert.NotNull(answer.Json()["errors"]!["reason"]);
    }

    /// <summary>A lead made an SQL through the app's own functions and emailed by the timer; the token from the email's link.</summary>
    private async Task<(string LeadId, string Token)> HandedOffLeadAsync()
    {
        var email = $"sales.{Guid.NewGuid():N}@northwind.example";
        var leadId = await app.CaptureLeadAsync(
            new
            {
                email,
                firstName = "Dana",
                jobTitle = "Director of Marketing",
                companySize = "201-1000",
                industry = "Software",
                country = "DE",
            });
        var events = JsonSerializer.Serialize(
            new[]
            {
                new { eventId = "demo-" + leadId, email, type = "Demo Requested", occurredAt = DateTimeOffset.UtcNow.AddMinutes(-5) },
            });
        await app.InvokeHttpAsync<WebhookFunctions>(
            app.SignedEvents(events),
            (functions, request, ct) => functions.IngestEventsAsync(request, ct));
        await app.RescoreThroughTheQueueAsync(leadId);
        await app.InvokeAsync<BackgroundFunctions>((functions, ct) => functions.DecayAndNotifyAsync(new TimerInfo(), ct));

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var sent = (await app.Maildev.GetEmailsAsync()).FirstOrDefault(
                e => e.Headers.GetValueOrDefault("x-leadfunctions-handoff", string.Empty).StartsWith(leadId, StringComparison.Ordinal));
            if (sent is not null)
            {
                return (leadId, HandoffLink().Match(sent.Text).Groups[1].Value);
            }

            Assert.True(DateTime.UtcNow < deadline, $"No hand-off email for lead {leadId}.");
            await Task.Delay(100);
        }
    }

    private Task<FunctionResponse> GetPageAsync(string token)
    {
        var context = FunctionRequest.Create("GET", $"/api/handoffs/{token}");
        context.Request.RouteValues["token"] = token;
        return app.InvokeHttpAsync<SalesFunctions>(context, (functions, request, ct) => functions.GetHandoffPageAsync(request, token, ct));
    }

    private Task<FunctionResponse> PostStatusAsync(string leadId, string body)
    {
        var context = FunctionRequest.Create("POST", $"/api/leads/{leadId}/status", body);
        context.Request.RouteValues["leadId"] = leadId;
        return app.InvokeHttpAsync<SalesFunctions>(context, (functions, request, ct) => functions.PostLeadStatusAsync(request, leadId, ct));
    }

    [GeneratedRegex(@"Accept or reject this lead: \S+/api/handoffs/([A-Za-z0-9_-]+)")]
    private static partial Regex HandoffLink();

    [GeneratedRegex("name=\"action\" value=\"accept\" ?/?>\\s*<input type=\"hidden\" name=\"verification\" value=\"([^\"]+)\"")]
    private static partial Regex AcceptVerification();
}
