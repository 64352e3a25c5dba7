using System.Globalization;
using LeadFunctions.Engagement;
using LeadFunctions.Leads;
using LeadFunctions.Testing.Backtesting;
using LeadFunctions.Testing.Leads;

namespace LeadFunctions.Testing.Modeling;

/// <summary>
/// Leads with outcomes and two planted signals no rule of the default model expresses: leads that came from
/// <c>utm_source</c> "reference" (about 12%) and leads that viewed a "/customers/…" page before their outcome (about
/// 25%) win far more often. A lead wins with probability σ(<see cref="Intercept"/> + <see cref="ReferenceWeight"/>·reference +
/// <see cref="CustomersWeight"/>·customers + 0.6·senior title + 0.8·demo request); the other sources, paths, titles,
/// industries and countries are noise. About one lost lead in five views a customers page after its outcome, which a fit
/// must not count. Few leads state a budget and timeline (BANT), about one in ten requested a demo within the two weeks
/// before its outcome. Deterministic for a seed.
/// </summary>
public static class PlantedSignalLeads
{
    public const double Intercept = -2.6;
    public const double ReferenceWeight = 2.0;
    public const double CustomersWeight = 1.6;

    private static readonly string[] Sources = ["google", "linkedin", "newsletter", "partner", "direct"];
    private static readonly string[] Titles = ["CEO", "VP Sales", "Director of Marketing", "Marketing Manager", "Engineer", "Analyst"];
    private static readonly string[] Industries = ["Software", "Retail", "Manufacturing", "Healthcare"];
    private static readonly string[] Countries = ["DE", "US", "GB", "FR", "ES"];
    private static readonly string[] Paths = ["/blog/news", "/docs/start", "/features", "/about", "/pricing"];

    /// <summary><paramref name="count"/> leads with outcomes over the 26 weeks before <paramref name="now"/>.</summary>
    public static IReadOnlyList<PlantedLead> Generate(int count, DateTimeOffset now, int seed = 22)
    {
        var random = new Random(seed);
        var leads = new List<PlantedLead>(count);
        for (var i = 0; i < count; i++)
        {
            var outcomeAt = now.AddMinutes(-random.Next(60, 26 * 7 * 24 * 60));
            var reference = random.NextDouble() < 0.12;
            var customers = random.NextDouble() < 0.25;
            var title = Titles[random.Next(Titles.Length)];
            var demo = random.NextDouble() < 0.1;
            var eta = Intercept + (reference ? ReferenceWeight : 0) + (customers ? CustomersWeight : 0)
                + (title is "CEO" or "VP Sales" ? 0.6 : 0) + (demo ? 0.8 : 0);
            var won = random.NextDouble() < 1 / (1 + Math.Exp(-eta));
            var outcome = won ? LeadStage.Won : random.Next(4) == 0 ? LeadStage.Disqualified : LeadStage.Lost;
            var events = Events(random, i, outcomeAt, customers, demo, lateCustomersView: !won && random.Next(5) == 0);
            var bant = random.NextDouble() < 0.03;
            var profile = new LeadProfile
            {
                Email = random.Next(5) == 0
                    ? string.Create(CultureInfo.InvariantCulture, $"lead{i}.{seed}@gmail.com")
                    : string.Create(CultureInfo.InvariantCulture, $"lead{i}.{seed}@company{i % 40}.example"),
                JobTitle = title,
                CompanySize = random.Next(1, 3000),
                Industry = Industries[random.Next(Industries.Length)],
                Country = Countries[random.Next(Countries.Length)],
                Budget = bant ? 60_000 : null,
                TimelineMonths = bant ? 2 : null,
                Need = bant ? "We need to qualify our inbound leads" : null,
            };
            var attribution = new LeadAttribution
            {
                UtmSource = reference ? "reference" : Sources[random.Next(Sources.Length)],
                UtmMedium = random.Next(2) == 0 ? "cpc" : "organic",
                FormId = "form-" + random.Next(3).ToString(CultureInfo.InvariantCulture),
            };
            leads.Add(new PlantedLead(random.GetHexString(32, lowercase: true), profile, attribution, outcome, outcomeAt, events));
        }

        return leads;
    }

    /// <summary>Seeds the leads into <paramref name="store"/> as the sales loop leaves them (their outcome in the stage history).</summary>
    public static void Seed(InMemoryLeadTables store, IEnumerable<PlantedLead> leads)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(leads);
        foreach (var lead in leads)
        {
            store.Seed(ToLead(lead), lead.Events.Select(e => new StoredEvent("seed", e)));
        }
    }

    /// <summary>The stored lead: profile, attribution and a score at its outcome stage (the move into it at the outcome time).</summary>
    public static Lead ToLead(PlantedLead lead)
    {
        ArgumentNullException.ThrowIfNull(lead);
        return new Lead
        {
            LeadId = lead.LeadId,
            Profile = lead.Profile,
            Attribution = lead.Attribution,
            CreatedAt = lead.OutcomeAt.AddDays(-60),
            UpdatedAt = lead.OutcomeAt,
            Score = OutcomeLeads.Score(lead.Outcome, lead.OutcomeAt),
        };
    }

    private static List<EngagementEvent> Events(
        Random random, int lead, DateTimeOffset outcomeAt, bool customers, bool demo, bool lateCustomersView)
    {
        var events = new List<EngagementEvent>();
        void Add(string type, DateTimeOffset at, params (string Key, string Value)[] properties) => events.Add(new EngagementEvent
        {
            EventId = string.Create(CultureInfo.InvariantCulture, $"p{lead}-{events.Count}"),
            Type = type,
            OccurredAt = at,
            Properties = properties.ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase),
        });
        DateTimeOffset Before() => outcomeAt.AddMinutes(-random.Next(30, 60 * 24 * 60));

        for (var views = random.Next(2, 12); views > 0; views--)
        {
            Add("Page Viewed", Before(), ("path", Paths[random.Next(Paths.Length)]));
        }

        for (var views = customers ? random.Next(1, 4) : 0; views > 0; views--)
        {
            Add("Page Viewed", Before(), ("path", "/customers/" + (random.Next(3) == 0 ? "acme" : "globex")));
        }

        for (var opens = random.Next(0, 5); opens > 0; opens--)
        {
            Add("Email Opened", Before(), ("emailId", "m" + random.Next(6).ToString(CultureInfo.InvariantCulture)));
        }

        if (demo)
        {
            Add("Demo Requested", outcomeAt.AddDays(-random.Next(1, 13)));
        }

        if (lateCustomersView)
        {
            Add("Page Viewed", outcomeAt.AddDays(random.Next(1, 10)), ("path", "/customers/acme"));
        }

        return [.. events.OrderBy(e => e.OccurredAt)];
    }
}
