using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LeadFunctions.LocalHost.Tests.Sales;

/// <summary>
/// Outcomes are ordered by when they happened: an outcome older than the lead's latest one is kept in its history and
/// answered <c>recordedAsHistory</c>, and the lead keeps its latest outcome.
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class OutcomeOrderTests(LocalHostFixture host)
{
    [Fact]
    public async Task A_lost_older_than_the_lead_s_won_is_recorded_as_history_and_the_lead_stays_won()
    {
        var lead = await HandedOffLead.CreateAsync(host);

        using var won = await SendStatusAsync(lead.LeadId, new { status = "won", reason = "Annual plan" });
        using var olderLost = await SendStatusAsync(
            lead.LeadId,
            new { status = "lost", reason = "Price", occurredAt = host.Clock.GetUtcNow().AddDays(-60) });

        Assert.Equal(HttpStatusCode.OK, won.StatusCode);
        Assert.Equal(HttpStatusCode.OK, olderLost.StatusCode);
        var answer = (await olderLost.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(("recordedAsHistory", "Won"), (answer["result"]!.GetValue<string>(), answer["stage"]!.GetValue<string>()));
        var stored = (await HandedOffLead.GetLeadAsync(host, lead.LeadId))!;
        Assert.Equal("Won", stored["stage"]!.GetValue<string>());
        Assert.Equal(("won", "Annual plan"), (stored["outcome"]!["status"]!.GetValue<string>(), stored["outcome"]!["reason"]!.GetValue<string>()));
        var lost = stored["stageHistory"]!.AsArray()[^1]!;
        Assert.Equal(
            ("Lost", "Won", "Lost", true),
            (lost["action"]!.GetValue<string>(), lost["from"]!.GetValue<string>(), lost["to"]!.GetValue<string>(), lost["recordedAsHistory"]!.GetValue<bool>()));
        using var page = await host.Client.GetAsync(lead.Link);
        Assert.Contains("recorded as history, older than the latest outcome", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private Task<HttpResponseMessage> SendStatusAsync(string leadId, object body)
    {
        var request = host.Keyed(HttpMethod.Post, $"api/leads/{leadId}/status");
        request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        return host.Client.SendAsync(request);
    }
}
