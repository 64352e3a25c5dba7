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
/// The sales loop end to end on the local host with Azurite and maildev: the link read from the email opens the lead's
/// page without a key, the rep decides there, the CRM reports outcomes through the status API, and every repeat,
/// refusal and erasure changes nothing.
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class SalesLoopTests(LocalHostFixture host)
{
    [Fact]
    public async Task The_email_s_link_opens_the_lead_s_page_without_a_function_key()
    {
        var lead = await HandedOffLead.CreateAsync(host);

        using var response = await host.Client.GetAsync(lead.Link);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith(
            $"http://127.0.0.1:{host.Client.BaseAddress!.Port}/api/handoffs/",
            lead.Link.ToString(),
            StringComparison.Ordinal);
        Assert.DoesNotContain("northwind", lead.Link.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Accept or reject this lead", lead.Message.Text, StringComparison.Ordinal);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Matches(
            "^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'$",
            response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; Director of Marketing", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        foreach (var part in new[]
        {
            "Dana Scully",
            "Northwind Traders",
            lead.Email,
            "Grade ",
            "Why this lead",
            "Requested a demo",
            "BANT",
            "Stage history",
            "Lead → MQL",
            "MQL → SQL",
            "Please answer by",
            "Sales-qualified because",
        })
        {
            Assert.Contains(WebUtility.HtmlEncode(part), html, StringComparison.Ordinal);
        }

        Assert.Equal(["accept", "reject"], HandoffPageForms.Actions(html));
    }

    [Fact]
    public async Task Accepting_makes_a_sal_recorded_with_the_inbox_and_a_second_post_changes_nothing()
    {
        var lead = await HandedOffLead.CreateAsync(host);
        using var page = await host.Client.GetAsync(lead.Link);
        var verification = HandoffPageForms.Verification(await page.Content.ReadAsStringAsync(), "accept")!;
        KeyValuePair<string, string>[] form = [new("action", "accept"), new("verification", verification)];

        using var first = await HandoffPageForms.PostAsync(host.Client, lead.Link, form);
        using var again = await HandoffPageForms.PostAsync(host.Client, lead.Link, form);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("Accepted. The lead is yours", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("Already recorded, nothing changed", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var stored = (await HandedOffLead.GetLeadAsync(host, lead.LeadId))!;
        Assert.Equal("SAL", stored["stage"]!.GetValue<string>());
        var accept = Assert.Single(stored["stageHistory"]!.AsArray(), change => change!["action"]?.GetValue<string>() == "Accept")!;
        Assert.Equal(
            ("dach-sales@example.com", "SQL", "SAL"),
            (accept["actor"]!.GetValue<string>(), accept["from"]!.GetValue<string>(), accept["to"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Rejecting_for_bad_timing_recycles_the_lead_until_new_engagement_hands_it_off_again()
    {
        var lead = await HandedOffLead.CreateAsync(host);

        using var rejected = await HandoffPageForms.SubmitAsync(
            host.Client,
            lead.Link,
            "reject",
            "Bad timing",
            "Budget frozen until Q2.\nCall again in March.");

        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        Assert.Contains("Rejected (Bad timing)", await rejected.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var stored = (await HandedOffLead.GetLeadAsync(host, lead.LeadId))!;
        Assert.Equal("Recycled", stored["stage"]!.GetValue<string>());
        var reject = stored["stageHistory"]!.AsArray()[^1]!;
        Assert.Equal(
            ("Reject", "Bad timing", "Budget frozen until Q2.\nCall again in March."),
            (reject["action"]!.GetValue<string>(), reject["reason"]!.GetValue<string>(), reject["note"]!.GetValue<string>()));

        // New engagement after the recycling: an SQL again, a new hand-off, a new email with a new Message-ID.
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        var json = JsonSerializer.Serialize(
            new[]
            {
                new
                {
                    eventId = "again-" + lead.LeadId,
                    email = lead.Email,
                    type = "Page Viewed",
                    occurredAt = host.Clock.GetUtcNow(),
                    properties = new { path = "/pricing" },
                },
            });
        using var posted = await host.Client.SendAsync(host.SignedEvents(json));
        Assert.Equal(1, (await posted.Content.ReadFromJsonAsync<JsonObject>())!["accepted"]!.GetValue<int>());
        await Eventually.GetAsync(
            () => HandedOffLead.GetLeadAsync(host, lead.LeadId),
            l => l?["stage"]?.GetValue<string>() == "SQL",
            "the recycled lead to qualify again");
        await HandedOffLead.RunTimerAsync(host);
        var second = await HandedOffLead.WaitForEmailAsync(
            host,
            lead.LeadId,
            email => !HandedOffLead.IsReminder(email) && email.MessageId != lead.Message.MessageId);
        Assert.NotEqual(lead.Link.ToString(), HandedOffLead.LinkIn(second));

        using var oldPage = await host.Client.GetAsync(lead.Link);
        var oldHtml = await oldPage.Content.ReadAsStringAsync();
        Assert.Contains("handed to sales again since this email", oldHtml, StringComparison.Ordinal);
        Assert.Empty(HandoffPageForms.Actions(oldHtml));
    }

    [Fact]
    public async Task Rejecting_as_spam_disqualifies_the_lead_and_accepting_afterwards_is_a_409_that_changes_nothing()
    {
        var lead = await HandedOffLead.CreateAsync(host);
        using var page = await host.Client.GetAsync(lead.Link);
        var acceptForm = HandoffPageForms.Verification(await page.Content.ReadAsStringAsync(), "accept")!;

        using var rejected = await HandoffPageForms.SubmitAsync(host.Client, lead.Link, "reject", "Spam or fake");
        using var lateAccept = await HandoffPageForms.PostAsync(
            host.Client,
            lead.Link,
            [new("action", "accept"), new("verification", acceptForm)]);

        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, lateAccept.StatusCode);
        Assert.Contains(
            "Not possible: Sales already answered this hand-off (rejected: Spam or fake)",
            await lateAccept.Content.ReadAsStringAsync(),
            StringComparison.Ordinal);
        var stored = (await HandedOffLead.GetLeadAsync(host, lead.LeadId))!;
        Assert.Equal("Disqualified", stored["stage"]!.GetValue<string>());
        Assert.Equal(
            ("disqualified", "Spam or fake"),
            (stored["outcome"]!["status"]!.GetValue<string>(), stored["outcome"]!["reason"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_crm_reports_won_through_the_status_api_recorded_once_per_external_id()
    {
        var lead = await HandedOffLead.CreateAsync(host);
        var accepted = await PostStatusAsync(
            lead.LeadId,
            new { status = "accepted", actor = "crm:owner-17", externalId = "evt-1-" + lead.LeadId });
        var won = new
        {
            status = "won",
            reason = "Annual plan",
            actor = "crm:owner-17",
            occurredAt = host.Clock.GetUtcNow().AddMinutes(-1),
            externalId = "evt-2-" + lead.LeadId,
        };

        var first = await PostStatusAsync(lead.LeadId, won);
        var replay = await PostStatusAsync(lead.LeadId, won);
        var staleReplay = await PostStatusAsync(lead.LeadId, new { status = "accepted", externalId = "evt-1-" + lead.LeadId });

        Assert.Equal(("recorded", "SAL"), (accepted["result"]!.GetValue<string>(), accepted["stage"]!.GetValue<string>()));
        Assert.Equal(("recorded", "Won"), (first["result"]!.GetValue<string>(), first["stage"]!.GetValue<string>()));
        Assert.Equal(("unchanged", "Won"), (replay["result"]!.GetValue<string>(), replay["stage"]!.GetValue<string>()));
        Assert.Equal("unchanged", staleReplay["result"]!.GetValue<string>());
        var stored = (await HandedOffLead.GetLeadAsync(host, lead.LeadId))!;
        Assert.Equal(
            ("won", "Annual plan", "crm:owner-17"),
            (
                stored["outcome"]!["status"]!.GetValue<string>(),
                stored["outcome"]!["reason"]!.GetValue<string>(),
                stored["outcome"]!["actor"]!.GetValue<string>()));
        Assert.Single(stored["stageHistory"]!.AsArray(), change => change!["action"]?.GetValue<string>() == "Won");
        using var page = await host.Client.GetAsync(lead.Link);
        Assert.Contains("Won", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_status_api_refuses_what_the_stage_does_not_allow_and_names_bad_fields()
    {
        var lead = await HandedOffLead.CreateAsync(host);
        await PostStatusAsync(lead.LeadId, new { status = "won" });

        using var rejectWon = await SendStatusAsync(lead.LeadId, new { status = "rejected", reason = "Bad timing" });
        using var badFields = await SendStatusAsync(
            lead.LeadId,
            new { status = "lost", reason = "Bad vibes", note = new string('n', 1_001), occurredAt = "yesterday" });
        using var unknownLead = await SendStatusAsync("0123456789abcdef0123456789abcdef", new { status = "won" });
        using var noKey = await host.Client.PostAsJsonAsync($"api/leads/{lead.LeadId}/status", new { status = "lost", reason = "Price" });

        Assert.Equal(HttpStatusCode.Conflict, rejectWon.StatusCode);
        Assert.Contains(
            "a won lead cannot be rejected",
            (await rejectWon.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>(),
            StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badFields.StatusCode);
        var errors = (await badFields.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.Equal(["note", "occurredAt", "reason"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, unknownLead.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal("Won", (await HandedOffLead.GetLeadAsync(host, lead.LeadId))!["stage"]!.GetValue<string>());
    }

    [Fact]
    public async Task Tampered_and_expired_links_and_bad_forms_get_small_pages_and_change_nothing()
    {
        var lead = await HandedOffLead.CreateAsync(host);
        var before = (await HandedOffLead.GetLeadAsync(host, lead.LeadId))!.ToJsonString();
        var token = lead.Token;
        var tampered = new Uri(lead.Link, token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1]);
        var links = new HandoffLinks(new HandoffOptions { LinkSecret = LocalHostFixture.LinkSecret });
        var expired = new Uri(lead.Link, links.CreateToken(lead.LeadId, SalesHandoff.IdFor(host.Clock.GetUtcNow().AddDays(-31))));

        using var forged = await host.Client.GetAsync(tampered);
        using var old = await host.Client.GetAsync(expired);
        using var forgedPost = await HandoffPageForms.PostAsync(host.Client, tampered, [new("action", "accept"), new("verification", "x")]);
        using var noVerification = await HandoffPageForms.PostAsync(host.Client, lead.Link, [new("action", "accept")]);
        using var unknownReason = await HandoffPageForms.SubmitAsync(host.Client, lead.Link, "reject", "Because I said so");

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Contains("This link is not valid", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Gone, old.StatusCode);
        Assert.Contains("Ask whoever sends you leads", await old.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, forgedPost.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noVerification.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknownReason.StatusCode);
        foreach (var answer in new[] { forged, old, forgedPost, noVerification, unknownReason })
        {
            var html = await answer.Content.ReadAsStringAsync();
            Assert.Equal("text/html", answer.Content.Headers.ContentType!.MediaType);
            Assert.DoesNotContain("Dana", html, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", html, StringComparison.Ordinal);
        }

        Assert.Equal(before, (await HandedOffLead.GetLeadAsync(host, lead.LeadId))!.ToJsonString());
    }

    [Fact]
    public async Task An_erased_lead_s_link_answers_410_without_personal_data()
    {
        var lead = await HandedOffLead.CreateAsync(host);

        using var erased = await host.Client.SendAsync(host.Keyed(HttpMethod.Delete, $"api/leads/{lead.LeadId}"));
        using var page = await host.Client.GetAsync(lead.Link);
        using var post = await HandoffPageForms.PostAsync(
            host.Client,
            lead.Link,
            [
                new("action", "accept"),
                new("verification", new HandoffLinks(new HandoffOptions { LinkSecret = LocalHostFixture.LinkSecret })
                    .FormValue(lead.Token, SalesActionKind.Accept, new HandoffPageState(LeadStage.SQL, 2))),
            ]);

        Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, post.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("This lead is no longer available", html, StringComparison.Ordinal);
        foreach (var personal in new[] { "Dana", "Scully", "Northwind", lead.Email, lead.LeadId })
        {
            Assert.DoesNotContain(personal, html, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Null(await HandedOffLead.GetLeadAsync(host, lead.LeadId));
    }

    [Fact]
    public async Task A_hand_off_nobody_answers_gets_one_reminder_after_its_sla_and_shows_as_overdue()
    {
        var lead = await HandedOffLead.CreateAsync(host);

        host.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(5));
        await HandedOffLead.RunTimerAsync(host);
        await HandedOffLead.RunTimerAsync(host);

        var reminder = await HandedOffLead.WaitForEmailAsync(host, lead.LeadId, HandedOffLead.IsReminder);
        Assert.Single(await HandedOffLead.EmailsOfAsync(host, lead.LeadId), HandedOffLead.IsReminder);
        Assert.StartsWith("Reminder: accept or reject Northwind Traders (grade ", reminder.Subject, StringComparison.Ordinal);
        Assert.Equal(["dach-sales@example.com"], reminder.To);
        Assert.Contains("neither accepted nor rejected within the SLA of 24 hours", reminder.Text, StringComparison.Ordinal);
        Assert.Equal(lead.Link.ToString(), HandedOffLead.LinkIn(reminder));
        using var page = await host.Client.GetAsync(lead.Link);
        Assert.Contains("<strong>Overdue by 5 min:</strong>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<JsonObject> PostStatusAsync(string leadId, object body)
    {
        using var response = await SendStatusAsync(leadId, body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private Task<HttpResponseMessage> SendStatusAsync(string leadId, object body)
    {
        var request = host.Keyed(HttpMethod.Post, $"api/leads/{leadId}/status");
        request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        return host.Client.SendAsync(request);
    }
}
