using LeadFunctions.Engagement;
using LeadFunctions.Leads;
using LeadFunctions.Scoring;

namespace LeadFunctions.Core.Tests.Scoring;

/// <summary>A small model with round numbers, so that expected scores can be worked out by hand.</summary>
internal static class TestModels
{
    public static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    public const string Json = """
        {
          "version": "test-1",
          "fit": {
            "minScore": -50,
            "maxScore": 60,
            "jobTitle": [
              { "id": "student", "pattern": "\\b(student|intern)\\b", "points": -20 },
              { "id": "c-level", "pattern": "\\b(ceo|cto|chief)\\b", "points": 25 },
              { "id": "vp", "pattern": "\\b(vp|vice president)\\b", "points": 20 },
              { "id": "director", "pattern": "\\b(director|head of)\\b", "points": 15 },
              { "id": "manager", "pattern": "\\bmanager\\b", "points": 5 }
            ],
            "companySize": [
              { "id": "size-small", "min": 1, "max": 49, "points": 0 },
              { "id": "size-mid", "min": 50, "max": 999, "points": 10 },
              { "id": "size-large", "min": 1000, "points": 20 }
            ],
            "industry": [ { "id": "industry-software", "values": ["Software", "SaaS"], "points": 10 } ],
            "country": [ { "id": "country-core", "values": ["US", "DE"], "points": 5 } ],
            "budget": [ { "id": "budget-high", "min": 50000, "points": 10 }, { "id": "budget-low", "min": 0, "max": 49999, "points": 0 } ],
            "timeline": [ { "id": "timeline-soon", "min": 0, "max": 3, "points": 10 } ],
            "need": { "id": "need", "minLength": 5, "points": 5 },
            "emailDomain": [
              { "id": "free-mail", "domains": ["gmail.com"], "points": -10 },
              { "id": "competitor", "domains": ["rival.example"], "points": -40 }
            ],
            "disposableDomains": ["mailinator.com"]
          },
          "engagement": {
            "minScore": -30,
            "maxScore": 100,
            "defaultHalfLifeDays": 10,
            "rules": [
              {
                "id": "pricing", "eventType": "Page Viewed", "category": "intent",
                "where": [{ "property": "path", "contains": "/pricing" }], "points": 10, "cap": 25
              },
              { "id": "page", "eventType": "Page Viewed", "points": 1 },
              { "id": "open", "eventType": "Email Opened", "category": "email", "points": 2, "oncePer": "emailId" },
              { "id": "webinar", "eventType": "Webinar Attended", "points": 20, "maxCount": 2, "halfLifeDays": 20 },
              { "id": "demo", "eventType": "Demo Requested", "category": "intent", "points": 30, "maxCount": 1 },
              { "id": "trial", "eventType": "Trial Started", "category": "product", "points": 20, "maxCount": 1 },
              { "id": "feature", "eventType": "Feature Used", "category": "product", "points": 5, "oncePer": "feature" },
              { "id": "unsubscribed", "eventType": "Unsubscribed", "category": "negative", "points": -20, "decays": false }
            ],
            "unscoredEventTypes": ["Identify"]
          },
          "qualification": {
            "mql": { "minFit": 20, "minEngagement": 20 },
            "sql": { "highIntentEventTypes": ["Demo Requested"], "highIntentWithinDays": 14, "minTotal": 100, "requireBant": true },
            "pql": { "categories": ["product"], "minPoints": 30 }
          },
          "grades": [ { "grade": "A", "minFit": 50 }, { "grade": "B", "minFit": 30 }, { "grade": "C", "minFit": 15 }, { "grade": "D" } ]
        }
        """;

    public static readonly ScoringModel Model = ScoringModel.Parse(Json);

    public static LeadScorer Scorer() => new(Model, TimeProvider.System);

    public static LeadProfile Profile(
        string email = "ada@acme.example",
        string? jobTitle = null,
        int? companySize = null,
        string? industry = null,
        string? country = null,
        decimal? budget = null,
        int? timelineMonths = null,
        string? need = null) => new()
        {
            Email = email,
            JobTitle = jobTitle,
            CompanySize = companySize,
            Industry = industry,
            Country = country,
            Budget = budget,
            TimelineMonths = timelineMonths,
            Need = need,
        };

    public static EngagementEvent Event(string id, string type, TimeSpan ago, params (string Key, string Value)[] properties) => new()
    {
        EventId = id,
        Type = type,
        OccurredAt = Now - ago,
        Properties = properties.ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase),
    };

    public static LeadScore Score(LeadProfile profile, IReadOnlyList<EngagementEvent> events, LeadStanding? standing = null) =>
        Scorer().Score(profile, events, standing ?? LeadStanding.New, Now);

    public static decimal Sum(LeadScore score, ScoreKind kind) =>
        score.Breakdown.Where(c => c.Kind == kind).Sum(c => c.Points);
}
