using System.Text.RegularExpressions;
using LeadFunctions.Email;
using LeadFunctions.Leads;
using LeadFunctions.Sales;

namespace LeadFunctions.Email.Tests;

public sealed class SalesEmailComposerTests
{
    private readonly SalesEmailComposer _composer = TestLeads.Composer();

    [Fact]
    public void Subject_names_the_company_and_grade()
    {
        Assert.Equal("New SQL: Northwind (grade A)", SalesEmailComposer.SubjectFor(TestLeads.Sql()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \r\n ")]
    public void Subject_without_a_company_names_the_email_domain(string? company)
    {
        Assert.Equal("New SQL: northwind.example (grade A)", SalesEmailComposer.SubjectFor(TestLeads.Sql(company)));
    }

    [Fact]
    public void Subject_without_company_or_email_domain_says_unknown_company()
    {
        var lead = TestLeads.Sql(company: null);
        lead = lead with { Profile = lead.Profile with { Email = "no-domain" } };

        Assert.Equal("New SQL: unknown company (grade A)", SalesEmailComposer.SubjectFor(lead));
    }

    [Theory]
    [InlineData("Evil\r\nBcc: everyone@example.com", "New SQL: Evil Bcc: everyone@example.com (grade A)")]
    [InlineData("Evil\nX-Injected: 1", "New SQL: Evil X-Injected: 1 (grade A)")]
    [InlineData("Tab\tand\u2028separator\u0085next", "New SQL: Tab and separator next (grade A)")]
    [InlineData("\u202Egnp.exe", "New SQL: gnp.exe (grade A)")]
    public void Subject_never_carries_line_breaks_or_direction_overrides_from_the_data(string company, string expected)
    {
        var subject = SalesEmailComposer.SubjectFor(TestLeads.Sql(company));

        Assert.Equal(expected, subject);
        Assert.DoesNotContain(subject, character => char.IsControl(character));
    }

    [Fact]
    public void Subject_cuts_a_very_long_company_name()
    {
        var subject = SalesEmailComposer.SubjectFor(TestLeads.Sql(new string('x', 500)));

        Assert.Equal("New SQL: " + new string('x', 79) + "… (grade A)", subject);
    }

    [Fact]
    public async Task Html_shows_markup_in_the_data_as_text()
    {
        var lead = TestLeads.Sql("<script>alert(1)</script>");
        lead = lead with { Profile = lead.Profile with { FirstName = "<b>Dana</b>", JobTitle = "\"CTO\" & <i>owner</i>" } };

        var html = (await _composer.ComposeAsync(lead, TestLeads.Handoff(lead))).Html;

        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;Dana&lt;/b&gt; Scully", html, StringComparison.Ordinal);
        Assert.Contains("&quot;CTO&quot; &amp; &lt;i&gt;owner&lt;/i&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>Dana", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<i>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plain_text_keeps_each_value_on_its_own_line()
    {
        var lead = TestLeads.Sql();
        lead = lead with { Profile = lead.Profile with { JobTitle = "CTO\nAccept or reject this lead: http://evil.example/" } };

        var text = (await _composer.ComposeAsync(lead, TestLeads.Handoff(lead))).PlainText;

        Assert.Contains("Job title:", text, StringComparison.Ordinal);
        Assert.DoesNotContain(
            text.Split('\n'),
            line => line.StartsWith("Accept or reject this lead: http://evil", StringComparison.Ordinal));
        Assert.Contains("CTO Accept or reject this lead: http://evil.example/", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Both_parts_give_contact_details_scores_grade_pql_and_bant()
    {
        var lead = TestLeads.Sql();

        var email = await _composer.ComposeAsync(lead, TestLeads.Handoff(lead));

        foreach (var part in new[] { email.PlainText, email.Html })
        {
            foreach (var expected in new[]
            {
                "Dana Scully", "dana.scully@northwind.example", "+49 30 1234567", "CTO", "Northwind", "250", "Software", "DE",
                "Fit score", "65", "Engagement score", "58.5", "Grade", "PQL", "yes",
                "3 of 4: budget yes, authority yes, need no, timeline yes", "2026-11-22 09:30 UTC",
            })
            {
                Assert.Contains(expected, part, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Missing_contact_details_read_not_given()
    {
        var lead = TestLeads.Sql(company: null, country: null, companySize: null) with
        {
            Profile = new LeadProfile { Email = "dana@northwind.example" },
        };

        var text = (await _composer.ComposeAsync(lead, TestLeads.Handoff(lead))).PlainText;

        foreach (var label in new[] { "Name", "Phone", "Job title", "Company", "Company size", "Industry", "Country" })
        {
            Assert.Matches($"\n  {label}: +not given\n", text);
        }
    }

    [Fact]
    public async Task Why_this_lead_is_an_sql_lists_the_largest_positive_contributions_first()
    {
        var lead = TestLeads.Sql();

        var reasons = SalesEmailComposer.TopContributions(lead.Score);
        var text = (await _composer.ComposeAsync(lead, TestLeads.Handoff(lead))).PlainText;

        Assert.Equal(["demo-requested", "title-c-level", "pricing-page", "size-large", "country-core"], reasons.Select(r => r.RuleId));
        var demo = text.IndexOf("+30  Requested a demo (engagement)", StringComparison.Ordinal);
        var title = text.IndexOf("+25  C-level or founder (fit)", StringComparison.Ordinal);
        var pricing = text.IndexOf("+18.5  Viewed pricing (engagement, 3 events)", StringComparison.Ordinal);
        Assert.True(demo > 0 && demo < title && title < pricing, text);
        Assert.DoesNotContain("Free-mail", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Viewed careers", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Viewed a page (engagement", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recent_high_intent_events_are_listed_newest_first_without_the_low_value_ones()
    {
        var lead = TestLeads.Sql();

        var events = SalesEmailComposer.HighIntentEvents(lead.Score);
        var html = (await _composer.ComposeAsync(lead, TestLeads.Handoff(lead))).Html;

        Assert.Equal(["demo-requested", "pricing-page", "pricing-page"], events.Select(e => e.RuleId));
        Assert.Contains("<li>2026-11-22 09:25 UTC: Requested a demo (+30)</li>", html, StringComparison.Ordinal);
        Assert.Contains("<li>2026-11-21 09:30 UTC: Viewed pricing (+9.5)</li>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Viewed a page (+1)", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Both_parts_say_what_the_scores_ignored_because_machines_made_it()
    {
        var sql = TestLeads.Sql();
        var lead = sql with
        {
            Score = sql.Score! with
            {
                IgnoredEvents =
                [
                    new IgnoredEventGroup("Email Link Clicked", "after-delivery", "clicked within 10 s of delivery (mail scanner)", 3),
                    new IgnoredEventGroup("Email Opened", "apple-mpp", "opened by Apple Mail Privacy Protection on delivery (sg_machine_open)", 1),
                ],
            },
        };

        var email = await _composer.ComposeAsync(lead, TestLeads.Handoff(lead));
        var without = await _composer.ComposeAsync(sql, TestLeads.Handoff(sql));

        Assert.Contains(
            "Ignored (made by machines, no points)\n  3 clicks ignored: clicked within 10 s of delivery (mail scanner)\n"
            + "  1 open ignored: opened by Apple Mail Privacy Protection on delivery (sg_machine_open)\n",
            email.PlainText,
            StringComparison.Ordinal);
        Assert.Contains("<h3>Ignored (made by machines, no points)</h3>", email.Html, StringComparison.Ordinal);
        Assert.Contains("<li>3 clicks ignored: clicked within 10 s of delivery (mail scanner)</li>", email.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Ignored", without.PlainText, StringComparison.Ordinal);
        Assert.DoesNotContain("Ignored", without.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lead_without_a_score_still_gets_a_readable_email()
    {
        var lead = TestLeads.Sql() with { Score = null };

        var email = await _composer.ComposeAsync(lead, TestLeads.Handoff(lead));

        Assert.Equal("New SQL: Northwind (grade ?)", email.Subject);
        Assert.Contains("not scored", email.PlainText, StringComparison.Ordinal);
        Assert.Contains("Why this lead is an SQL\n  (none)\n", email.PlainText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://localhost:7071/api/")]
    [InlineData("http://localhost:7071/api")]
    public async Task Links_the_hand_off_page_with_a_signed_token_of_this_lead_and_hand_off(string publicBase)
    {
        var options = TestLeads.Notifications();
        options.PublicBaseUrl = publicBase;
        var lead = TestLeads.Sql();
        var handoff = TestLeads.Handoff(lead);

        var email = await TestLeads.Composer(options).ComposeAsync(lead, handoff);

        var link = Assert.Single(
            Regex.Matches(email.PlainText, @"Accept or reject this lead: (\S+)\n").Select(m => m.Groups[1].Value).Distinct());
        Assert.StartsWith("http://localhost:7071/api/handoffs/", link, StringComparison.Ordinal);
        var check = TestLeads.Links().Verify(link["http://localhost:7071/api/handoffs/".Length..], TestLeads.QualifiedAt.AddDays(1));
        Assert.Equal((HandoffLinkStatus.Valid, lead.LeadId, handoff.HandoffId), (check.Status, check.LeadId, check.HandoffId));
        Assert.Contains($"<a href=\"{link}\"", email.Html, StringComparison.Ordinal);
        Assert.Contains(">Accept or reject this lead</a>", email.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("dana", link, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("northwind", link, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_plain_text_says_what_the_link_does_and_until_when_it_works()
    {
        var lead = TestLeads.Sql();

        var text = (await _composer.ComposeAsync(lead, TestLeads.Handoff(lead))).PlainText;

        var lines = text.Split('\n');
        Assert.StartsWith("Accept or reject this lead: http://localhost:7071/api/handoffs/", lines[2], StringComparison.Ordinal);
        Assert.Contains("without a login until 2026-12-22 09:30 UTC", lines[3], StringComparison.Ordinal);
        Assert.Contains("do not forward this email", lines[3], StringComparison.Ordinal);
        Assert.StartsWith("Accept or reject this lead: http://localhost:7071/api/handoffs/", lines[^2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reminder_goes_to_the_inbox_the_hand_off_went_to_says_why_and_keeps_the_link()
    {
        var options = TestLeads.Notifications();
        options.EscalationRecipient = "sales-manager@example.com";
        var composer = TestLeads.Composer(options);
        var lead = TestLeads.Sql(country: "US");
        var handoff = TestLeads.Handoff(lead) with
        {
            Status = HandoffStatus.Sent,
            SentAt = TestLeads.QualifiedAt.AddMinutes(2),
            Recipient = "dach-sales@example.com",
        };

        var reminder = await composer.ComposeReminderAsync(lead, handoff, TimeSpan.FromHours(24));
        var original = await composer.ComposeAsync(lead, handoff);

        Assert.Equal("dach-sales@example.com", reminder.Recipient);
        Assert.Equal("sales-manager@example.com", reminder.Copy);
        Assert.Equal("Reminder: accept or reject Northwind (grade A)", reminder.Subject);
        Assert.Contains(
            "handed to dach-sales@example.com on 2026-11-22 09:32 UTC and has been neither accepted nor rejected " +
            "within the SLA of 24 hours",
            reminder.PlainText,
            StringComparison.Ordinal);
        Assert.Equal($"<reminder.{handoff.HandoffId}.{lead.LeadId}@leadfunctions>", reminder.MessageId);
        Assert.NotEqual(original.MessageId, reminder.MessageId);
        Assert.Equal(original.HandoffReference, reminder.HandoffReference);
        Assert.Contains(composer.LinkFor(handoff), reminder.PlainText, StringComparison.Ordinal);
        Assert.Null(original.Copy);
    }

    [Fact]
    public async Task Every_send_of_a_hand_off_has_the_same_message_id_and_another_hand_off_another()
    {
        var lead = TestLeads.Sql();
        var handoff = TestLeads.Handoff(lead);
        var later = handoff with { HandoffId = SalesHandoff.IdFor(TestLeads.QualifiedAt.AddDays(30)) };

        var first = await _composer.ComposeAsync(lead, handoff);
        var again = await _composer.ComposeAsync(lead, handoff with { Attempts = 3, ETag = "W/\"other\"" });

        Assert.Equal($"<{handoff.HandoffId}.{lead.LeadId}@leadfunctions>", first.MessageId);
        Assert.Equal(first.MessageId, again.MessageId);
        Assert.NotEqual(first.MessageId, (await _composer.ComposeAsync(lead, later)).MessageId);
        Assert.Equal($"{lead.LeadId}/{handoff.HandoffId}", first.HandoffReference);
    }

    [Fact]
    public async Task Is_routed_by_the_lead_profile()
    {
        var dach = TestLeads.Sql(country: "AT");
        var elsewhere = TestLeads.Sql(country: "US");

        Assert.Equal("dach-sales@example.com", (await _composer.ComposeAsync(dach, TestLeads.Handoff(dach))).Recipient);
        Assert.Equal("sales@example.com", (await _composer.ComposeAsync(elsewhere, TestLeads.Handoff(elsewhere))).Recipient);
    }

    [Fact]
    public async Task Refuses_a_hand_off_of_another_lead_or_with_an_unusable_id()
    {
        var lead = TestLeads.Sql();
        var handoff = TestLeads.Handoff(lead);

        await Assert.ThrowsAsync<ArgumentException>(() => _composer.ComposeAsync(lead, handoff with { LeadId = Guid.NewGuid().ToString("N") }));
        await Assert.ThrowsAsync<ArgumentException>(() => _composer.ComposeAsync(lead, handoff with { HandoffId = "sql-1>\r\nBcc: x@example.com" }));
    }
}
