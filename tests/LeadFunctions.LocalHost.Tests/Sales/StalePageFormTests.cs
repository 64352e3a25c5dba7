using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LeadFunctions.Leads;
using LeadFunctions.Notifications;
using LeadFunctions.Sales;

namespace LeadFunctions.LocalHost.Tests.Sales;

/// <summary>
/// A page's forms are bound to what the page showed: a form posted after the lead moved on (a CRM outcome through the
/// status API) or for an action the page does not offer now answers 409 with a small page and changes nothing.
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class StalePageFormTests(LocalHostFixture host)
{
    [Fact]
    public async Task An_old_page_s_won_form_after_the_crm_disqualified_the_lead_is_a_409_and_the_lead_stays_disqualified()
    {
        var lead = await HandedOffLead.CreateAsync(host);
        using var accepted = await HandoffPageForms.SubmitAsync(host.Client, lead.Link, "accept");
        var atSal = await accepted.Content.ReadAsStringAsync();
        var wonForm = HandoffPageForms.Verification(atSal, "won")!;

        using var disqualified = await SendStatusAsync(lead.LeadId, new { status = "disqualified", reason = "Not a fit" });
        using var staleWon = await HandoffPageForms.PostAsync(host.Client, lead.Link, [new("action", "won"), new("verification", wonForm)]);

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, disqualified.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, staleWon.StatusCode);
        var html = await staleWon.Content.ReadAsStringAsync();
        Assert.Equal("text/html", staleWon.Content.Headers.ContentType!.MediaType);
        Assert.Contains("This lead changed since you opened the page", html, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"{lead.Token}\">Reload the page</a>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Dana", html, StringComparison.Ordinal);
        var stored = (await HandedOffLead.GetLeadAsync(host, lead.LeadId))!;
        Assert.Equal("Disqualified", stored["stage"]!.GetValue<string>());
        Assert.DoesNotContain(stored["stageHistory"]!.AsArray(), change => change!["action"]?.GetValue<string>() == "Won");
    }

    [Fact]
    public async Task A_form_for_an_action_the_page_does_not_offer_at_the_current_stage_is_a_409_whatever_it_says()
    {
        var lead = await HandedOffLead.CreateAsync(host);
        var before = (await HandedOffLead.GetLeadAsync(host, lead.LeadId))!;
        var state = new HandoffPageState(LeadStage.SQL, before["stageHistory"]!.AsArray().Count);
        var links = new HandoffLinks(new HandoffOptions { LinkSecret = LocalHostFixture.LinkSecret });

        // A correctly signed won form for the lead as it stands: the page offers won only once the lead is accepted.
        using var won = await HandoffPageForms.PostAsync(
            host.Client,
            lead.Link,
            [new("action", "won"), new("verification", links.FormValue(lead.Token, SalesActionKind.Won, state))]);

        Assert.Equal(HttpStatusCode.Conflict, won.StatusCode);
        var html = await won.Content.ReadAsStringAsync();
        Assert.Contains("This action is not offered now", html, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"{lead.Token}\">Reload the page</a>", html, StringComparison.Ordinal);
        Assert.Equal(before.ToJsonString(), (await HandedOffLead.GetLeadAsync(host, lead.LeadId))!.ToJsonString());
    }

    [Fact]
    public async Task A_repeated_form_after_the_lead_moved_on_still_answers_already_recorded()
    {
        var lead = await HandedOffLead.CreateAsync(host);
        using var page = await host.Client.GetAsync(lead.Link);
        var acceptForm = HandoffPageForms.Verification(await page.Content.ReadAsStringAsync(), "accept")!;
        KeyValuePair<string, string>[] accept = [new("action", "accept"), new("verification", acceptForm)];

        using var first = await HandoffPageForms.PostAsync(host.Client, lead.Link, accept);
        using var won = await SendStatusAsync(lead.LeadId, new { status = "won" });
        using var again = await HandoffPageForms.PostAsync(host.Client, lead.Link, accept);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("Already recorded, nothing changed: the lead is", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("Won", (await HandedOffLead.GetLeadAsync(host, lead.LeadId))!["stage"]!.GetValue<string>());
    }

    private Task<HttpResponseMessage> SendStatusAsync(string leadId, object body)
    {
        var request = host.Keyed(HttpMethod.Post, $"api/leads/{leadId}/status");
        request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        return host.Client.SendAsync(request);
    }
}
