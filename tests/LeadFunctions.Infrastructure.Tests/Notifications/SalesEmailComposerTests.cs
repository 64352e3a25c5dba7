using LeadFunctions.Infrastructure.Notifications;
using LeadFunctions.Leads;
using LeadFunctions.Scoring;

namespace LeadFunctions.Tests.Infrastructure.Notifications;

public sealed class SalesEmailComposerTests
{
    private static readonly NotificationOptions Options = CreateOptions();

    [Fact]
    public void Subject_names_the_company_and_grade()
    {
        Assert.Equal("New SQL: Northwind (grade A)", SalesEmailComposer.Subject(Lead("Northwind")));
    }

    [Fact]
    public void Subject_falls_back_to_the_email_domain_and_never_carries_line_breaks()
    {
        Assert.Equal("New SQL: northwind.example (grade A)", SalesEmailComposer.Subject(Lead(null)));
        Assert.DoesNotContain('\n', SalesEmailComposer.Subject(Lead("Evil\r\nBcc: all@example.com")));
    }

    [Fact]
    public void Html_shows_markup_in_data_as_text()
    {
        var html = new SalesEmailComposer(Options).Html(Lead("<script>alert(1)</script>"));

        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Both_parts_explain_the_largest_contributions_first_and_link_the_lead()
    {
        var composer = new SalesEmailComposer(Options);
        var lead = Lead("Northwind");

        var text = composer.PlainText(lead);

        Assert.True(text.IndexOf("Requested a demo", StringComparison.Ordinal) < text.IndexOf("Viewed pricing", StringComparison.Ordinal));
        Assert.DoesNotContain("Free-mail", text, StringComparison.Ordinal);
        Assert.Contains("https://crm.example.com/leads/" + lead.LeadId, text, StringComparison.Ordinal);
        Assert.Contains("https://crm.example.com/leads/" + lead.LeadId, composer.Html(lead), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DE", 50, "dach@example.com")]
    [InlineData("US", 5000, "enterprise@example.com")]
    [InlineData("US", 50, "sales@example.com")]
    [InlineData(null, null, "sales@example.com")]
    public void Routes_to_the_first_matching_team(string? country, int? size, string expected)
    {
        var lead = Lead("X") with { Profile = Lead("X").Profile with { Country = country, CompanySize = size } };

        Assert.Equal(expected, new SalesEmailComposer(Options).Recipient(lead));
    }

    private static NotificationOptions CreateOptions()
    {
        var options = new NotificationOptions { DefaultRecipient = "sales@example.com", LeadLinkBaseUrl = "https://crm.example.com/leads/" };
        options.Routes.Add(new SalesRoute { Countries = "DE, AT, CH", Recipient = "dach@example.com" });
        options.Routes.Add(new SalesRoute { MinCompanySize = 1000, Recipient = "enterprise@example.com" });
        return options;
    }

    internal static Lead Lead(string? company) => new()
    {
        LeadId = "0123456789abcdef0123456789abcdef",
        Profile = new LeadProfile { Email = "dana@northwind.example", Company = company, FirstName = "Dana", JobTitle = "CTO" },
        CreatedAt = DateTimeOffset.UnixEpoch,
        UpdatedAt = DateTimeOffset.UnixEpoch,
        Score = new LeadScoreState
        {
            FitScore = 65,
            EngagementScore = 40,
            Grade = "A",
            Stage = LeadStage.SQL,
            IsPql = false,
            Bant = new BantStatus(true, true, false, true),
            StageHistory = [],
            Breakdown =
            [
                new RuleContribution(ScoreKind.Engagement, "pricing-page", "Viewed pricing", 2, 10, null),
                new RuleContribution(ScoreKind.Engagement, "demo-requested", "Requested a demo", 1, 30, null),
                new RuleContribution(ScoreKind.Fit, "email-free-mail", "Free-mail address", 0, -10, null),
            ],
            RecentEvents = [new ScoreContribution(ScoreKind.Engagement, "demo-requested", "Requested a demo", "d1", DateTimeOffset.UnixEpoch, 30, 30, 1, null)],
            ModelVersion = "test",
            ScoredAt = DateTimeOffset.UnixEpoch,
            EventCount = 3,
        },
    };
}
