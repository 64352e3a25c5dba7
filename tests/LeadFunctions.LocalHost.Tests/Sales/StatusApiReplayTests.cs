using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LeadFunctions.LocalHost.Tests.Sales;

/// <summary>
/// The status API's external ids: a retry of the same body answers 200 unchanged; the id reused with another body is a
/// 409 naming the status recorded under it, and changes nothing.
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class StatusApiReplayTests(LocalHostFixture host)
{
    [Fact]
    public async Task An_external_id_reused_with_another_body_is_a_409_naming_the_earlier_status()
    {
        var lead = await HandedOffLead.CreateAsync(host);
        var externalId = "sf-lost-" + lead.LeadId;
        var lost = new { status = "lost", reason = "Price", externalId };

        using var first = await SendStatusAsync(lead.LeadId, lost);
        using var retry = await SendStatusAsync(lead.LeadId, lost);
        using var reused = await SendStatusAsync(lead.LeadId, new { status = "won", externalId });
        using var otherNote = await SendStatusAsync(lead.LeadId, new { status = "lost", reason = "Price", note = "called back", externalId });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal("unchanged", (await retry.Content.ReadFromJsonAsync<JsonObject>())!["result"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, reused.StatusCode);
        Assert.Equal("application/problem+json", reused.Content.Headers.ContentType!.MediaType);
        var problem = (await reused.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(("lost", "Lost"), (problem["recordedStatus"]!.GetValue<string>(), problem["stage"]!.GetValue<string>()));
        Assert.Contains("status lost", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, otherNote.StatusCode);
        var stored = (await HandedOffLead.GetLeadAsync(host, lead.LeadId))!;
        Assert.Equal("Lost", stored["stage"]!.GetValue<string>());
        Assert.Single(stored["stageHistory"]!.AsArray(), change => change!["action"]?.GetValue<string>() is "Lost" or "Won");
    }

    private Task<HttpResponseMessage> SendStatusAsync(string leadId, object body)
    {
        var request = host.Keyed(HttpMethod.Post, $"api/leads/{leadId}/status");
        request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        return host.Client.SendAsync(request);
    }
}
