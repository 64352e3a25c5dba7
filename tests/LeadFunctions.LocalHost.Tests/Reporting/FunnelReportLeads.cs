using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LeadFunctions.LocalHost.Tests.Sales;

namespace LeadFunctions.LocalHost.Tests.Reporting;

/// <summary>Leads captured over HTTP with a campaign of their own, scored by the queue, and the funnel report's address.</summary>
internal static class FunnelReportLeads
{
    /// <summary>A campaign name a spreadsheet or a browser would execute if it were not escaped.</summary>
    public const string HostileCampaign = "=HYPERLINK(\"http://evil.example\")<script>alert(1)</script>";

    /// <summary>Captures a lead of <paramref name="campaign"/> and waits until its first score entered it into the funnel.</summary>
    public static async Task<string> CaptureScoredAsync(LocalHostFixture host, string campaign)
    {
        using var response = await host.Client.PostAsJsonAsync("api/leads", new
        {
            email = $"funnel.{Guid.NewGuid():N}@northwind.example",
            jobTitle = "Director of Marketing",
            utm_source = "newsletter",
            utm_campaign = campaign,
        });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var leadId = (await response.Content.ReadFromJsonAsync<JsonObject>())!["leadId"]!.GetValue<string>();
        await Eventually.GetAsync(
            () => HandedOffLead.GetLeadAsync(host, leadId),
            lead => lead?["scoredAt"] is not null,
            $"lead {leadId} to be scored");
        return leadId;
    }

    /// <summary>The report's query around the host's clock (today ± a few days, UTC).</summary>
    public static string Query(LocalHostFixture host, string by)
    {
        var today = DateOnly.FromDateTime(host.Clock.GetUtcNow().UtcDateTime);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"api/reports/funnel?from={today.AddDays(-3):yyyy-MM-dd}&to={today.AddDays(3):yyyy-MM-dd}&by={by}");
    }
}
