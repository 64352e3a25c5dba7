using LeadFunctions.Email;
using LeadFunctions.Html;
using LeadFunctions.Leads;
using LeadFunctions.Notifications;
using LeadFunctions.Sales;
using LeadFunctions.Scoring;
using Microsoft.Extensions.Logging.Abstractions;

namespace LeadFunctions.Email.Tests;

/// <summary>Leads that just became SQLs, and the settings the tests send them with.</summary>
internal static class TestLeads
{
    public static readonly DateTimeOffset QualifiedAt = new(2026, 11, 22, 9, 30, 0, TimeSpan.Zero);

    public const string LinkSecret = "test-handoff-link-secret-0123456789-abcdef";

    public static HandoffLinks Links() => new(new HandoffOptions { LinkSecret = LinkSecret });

    /// <summary>The renderer of the emails' HTML parts, one for all the tests (as one per host).</summary>
    public static readonly HtmlTemplates Templates = new(NullLoggerFactory.Instance);

    public static SalesEmailComposer Composer(NotificationOptions? options = null) => new(options ?? Notifications(), Links(), Templates);

    public static NotificationOptions Notifications()
    {
        var options = new NotificationOptions { DefaultRecipient = "sales@example.com", PublicBaseUrl = "http://localhost:7071/api/" };
        options.Routes.Add(new SalesRoute { Countries = "DE, AT, CH", Recipient = "dach-sales@example.com" });
        options.Routes.Add(new SalesRoute { MinCompanySize = 1000, Recipient = "enterprise-sales@example.com" });
        return options;
    }

    /// <summary>A scored SQL with a fresh lead id: Dana Scully, CTO at Northwind (250 people) in Germany, grade A.</summary>
    public static Lead Sql(string? company = "Northwind", string? country = "DE", int? companySize = 250) => new()
    {
        LeadId = Guid.NewGuid().ToString("N"),
        Profile = new LeadProfile
        {
            Email = "dana.scully@northwind.example",
            FirstName = "Dana",
            LastName = "Scully",
            Company = company,
            JobTitle = "CTO",
            CompanySize = companySize,
            Industry = "Software",
            Country = country,
            Phone = "+49 30 1234567",
        },
        CreatedAt = QualifiedAt.AddDays(-10),
        UpdatedAt = QualifiedAt,
        Score = new StoredScore
        {
            FitScore = 65,
            EngagementScore = 58.5m,
            Grade = "A",
            Stage = LeadStage.SQL,
            IsPql = true,
            Bant = new BantStatus(Budget: true, Authority: true, Need: false, Timeline: true),
            StageHistory = [new StageChange(LeadStage.MQL, LeadStage.SQL, QualifiedAt, "engagement 58.5 >= 50")],
            Breakdown =
            [
                new RuleContribution(ScoreKind.Fit, "title-c-level", "C-level or founder", 0, 25, null),
                new RuleContribution(ScoreKind.Fit, "size-large", "201-1000 employees", 0, 15, null),
                new RuleContribution(ScoreKind.Fit, "email-free-mail", "Free-mail address", 0, -10, null),
                new RuleContribution(ScoreKind.Engagement, "pricing-page", "Viewed pricing", 3, 18.5m, null),
                new RuleContribution(ScoreKind.Engagement, "page-view", "Viewed a page", 4, 2, null),
                new RuleContribution(ScoreKind.Engagement, "demo-requested", "Requested a demo", 1, 30, null),
                new RuleContribution(ScoreKind.Fit, "country-core", "Core market", 0, 10, null),
                new RuleContribution(ScoreKind.Engagement, "careers-page", "Viewed careers (job seeker)", 1, -10, null),
            ],
            RecentEvents =
            [
                Event("demo-requested", "Requested a demo", QualifiedAt.AddMinutes(-5), 30, 30),
                Event("page-view", "Viewed a page", QualifiedAt.AddMinutes(-10), 1, 1),
                Event("pricing-page", "Viewed pricing", QualifiedAt.AddDays(-1), 10, 9.5m),
                Event("pricing-page", "Viewed pricing", QualifiedAt.AddDays(-3), 10, 9),
            ],
            ModelVersion = "test",
            ScoredAt = QualifiedAt,
            EventCount = 9,
        },
    };

    public static SalesHandoff Handoff(Lead lead) => new()
    {
        HandoffId = SalesHandoff.IdFor(QualifiedAt),
        LeadId = lead.LeadId,
        QualifiedAt = QualifiedAt,
        NextAttemptAt = QualifiedAt,
    };

    public static ScoreContribution Event(string ruleId, string label, DateTimeOffset at, decimal basePoints, decimal points) =>
        new(ScoreKind.Engagement, ruleId, label, "evt-" + ruleId + at.UtcTicks, at, basePoints, points, 1, null);
}
