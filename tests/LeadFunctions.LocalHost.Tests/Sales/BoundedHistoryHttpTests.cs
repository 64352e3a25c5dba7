using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LeadFunctions.Leads;
using LeadFunctions.Sales;

namespace LeadFunctions.LocalHost.Tests.Sales;

/// <summary>
/// The bounded stage history over HTTP: page and status API actions with the longest notes past the bound leave the lead
/// readable through <c>GET /api/leads/{id}</c> (the newest changes in full, the older ones counted per transition) and
/// its page, and the funnel report counting each stage the lead entered once. (The thousand-action run is on Azurite,
/// through the services: BoundedHistoryTests.)
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class BoundedHistoryHttpTests(LocalHostFixture host)
{
    private const int StatusPosts = 118;

    private static readonly string Note = string.Concat(Enumerable.Repeat("<b>\"Price\" & 'terms'</b>\n", 50))[..(SalesOptions.MaxNoteLength - 1)] + ".";

    [Fact]
    public async Task Page_and_status_actions_past_the_bound_leave_the_lead_s_api_and_page_readable_and_the_funnel_exact()
    {
        var before = await EnteredAsync();
        var lead = await HandedOffLead.CreateAsync(host);

        using var accepted = await HandoffPageForms.SubmitAsync(host.Client, lead.Link, "accept", note: Note);
        using var won = await HandoffPageForms.SubmitAsync(host.Client, lead.Link, "won", note: Note);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (accepted.StatusCode, won.StatusCode));
        for (var i = 0; i < StatusPosts; i++)
        {
            var body = i % 2 == 0
                ? (object)new { status = "lost", reason = "Price", note = Note, externalId = $"crm-{i}-{lead.LeadId}" }
                : new { status = "won", note = Note };
            using var posted = await SendStatusAsync(lead.LeadId, body);
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        }

        var stored = (await HandedOffLead.GetLeadAsync(host, lead.LeadId))!;
        using var page = await host.Client.GetAsync(lead.Link);
        var after = await EnteredAsync();

        var history = stored["stageHistory"]!.AsArray();
        var compacted = stored["compactedStageHistory"]!.AsArray();
        Assert.Equal(StageHistoryCompaction.KeptInFull, history.Count);
        Assert.Equal(2 + 2 + StatusPosts, history.Count + compacted.Sum(count => count!["count"]!.GetValue<int>()));
        var wonToLost = compacted.Single(count => count!["from"]!.GetValue<string>() == "Won" && count["to"]!.GetValue<string>() == "Lost")!;
        Assert.True(wonToLost["count"]!.GetValue<int>() > 0);
        Assert.NotNull(wonToLost["firstAt"]);
        Assert.NotNull(wonToLost["lastAt"]);
        Assert.Equal(("Won", "won"), (stored["stage"]!.GetValue<string>(), stored["outcome"]!["status"]!.GetValue<string>()));
        Assert.Equal(Note, history[^1]!["note"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("more changes, counted per transition", html, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode("<b>\"Price\" & 'terms'</b>"), html, StringComparison.Ordinal);
        foreach (var stage in new[] { "Lead", "MQL", "SQL", "SAL", "Won", "Lost" })
        {
            Assert.Equal((stage, 1L), (stage, after[stage] - before[stage]));
        }

        foreach (var stage in new[] { "Recycled", "Disqualified" })
        {
            Assert.Equal((stage, 0L), (stage, after[stage] - before[stage]));
        }
    }

    /// <summary>Each stage's entries in the funnel report around the host's clock.</summary>
    private async Task<Dictionary<string, long>> EnteredAsync()
    {
        var today = DateOnly.FromDateTime(host.Clock.GetUtcNow().UtcDateTime);
        var query = $"api/reports/funnel?from={today.AddDays(-30):yyyy-MM-dd}&to={today.AddDays(30):yyyy-MM-dd}";
        using var response = await host.Client.SendAsync(host.Keyed(HttpMethod.Get, query));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stages = (await response.Content.ReadFromJsonAsync<JsonObject>())!["stages"]!.AsArray();
        return stages.ToDictionary(stage => stage!["stage"]!.GetValue<string>(), stage => stage!["entered"]!.GetValue<long>());
    }

    private Task<HttpResponseMessage> SendStatusAsync(string leadId, object body)
    {
        var request = host.Keyed(HttpMethod.Post, $"api/leads/{leadId}/status");
        request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        return host.Client.SendAsync(request);
    }
}
