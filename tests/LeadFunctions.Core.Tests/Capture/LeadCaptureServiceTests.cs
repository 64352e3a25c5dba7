using System.Globalization;
using LeadFunctions.Capture;
using LeadFunctions.Leads;
using LeadFunctions.Qualification;
using LeadFunctions.Scoring;
using LeadFunctions.Testing.Leads;
using LeadFunctions.Validation;
using LeadFunctions.Visitors;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace LeadFunctions.Core.Tests.Capture;

public sealed class LeadCaptureServiceTests
{
    private const string Email = "ada@example.org";

    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The three number fields by the name capture reports: how a request sets one, where the profile keeps it.</summary>
    private static readonly Dictionary<string, (Func<string?, LeadCaptureRequest> Request, Func<LeadProfile, decimal?> Read)> NumberFields =
        new(StringComparer.Ordinal)
        {
            ["companySize"] = (text => new() { Email = Email, CompanySize = text }, profile => profile.CompanySize),
            ["budget"] = (text => new() { Email = Email, Budget = text }, profile => profile.Budget),
            ["timeline"] = (text => new() { Email = Email, Timeline = text }, profile => profile.TimelineMonths),
        };

    [Theory]
    [InlineData("companySize", "51-200", "51")]
    [InlineData("companySize", "1000+", "1000")]
    [InlineData("budget", "50k", "50000")]
    [InlineData("budget", "$1.2m", "1200000")]
    [InlineData("timeline", "6 weeks", "2")]
    [InlineData("timeline", "now", "0")]
    [InlineData("timeline", "  3 months\t", "3")] // trimmed before it is read
    public async Task Reads_a_loosely_formatted_number_into_the_profile(string field, string text, string expected)
    {
        var capture = await CaptureAsync(With(field, text));

        Assert.Equal(CaptureOutcome.Accepted, capture.Result.Outcome);
        Assert.Empty(capture.Result.IgnoredFields);
        Assert.Equal(Number(expected), Read(capture.Profile!, field));
    }

    [Theory]
    [InlineData("companySize", "a few")]
    [InlineData("companySize", "-5")]
    [InlineData("budget", "fifty thousand")]
    [InlineData("budget", "2b")]
    [InlineData("timeline", "soon")]
    [InlineData("timeline", "3 days")]
    public async Task Ignores_a_value_it_cannot_read_and_still_captures_the_lead(string field, string text)
    {
        var capture = await CaptureAsync(With(field, text));

        Assert.Equal(CaptureOutcome.Accepted, capture.Result.Outcome);
        Assert.Equal([field], capture.Result.IgnoredFields);
        Assert.Null(Read(capture.Profile!, field));
    }

    [Theory]
    [InlineData("companySize", "")]
    [InlineData("budget", "   ")]
    [InlineData("timeline", "\t\n")]
    [InlineData("timeline", null)]
    public async Task Leaves_a_blank_value_out_without_calling_it_ignored(string field, string? text)
    {
        var capture = await CaptureAsync(With(field, text));

        Assert.Equal(CaptureOutcome.Accepted, capture.Result.Outcome);
        Assert.Empty(capture.Result.IgnoredFields);
        Assert.Null(Read(capture.Profile!, field));
    }

    [Theory]
    [InlineData("companySize", 40, "250")] // "000…250": readable, at the limit
    [InlineData("companySize", 41, null)] // the same number one character longer is not read at all
    [InlineData("budget", 40, "50000")] // "000…50k"
    [InlineData("budget", 41, null)]
    [InlineData("timeline", 40, "3")] // "3      …months"
    [InlineData("timeline", 41, null)]
    public async Task Reads_values_of_at_most_forty_characters(string field, int length, string? expected)
    {
        var capture = await CaptureAsync(With(field, Readable(field, length)));

        Assert.Equal(CaptureOutcome.Accepted, capture.Result.Outcome);
        Assert.Equal(Number(expected), Read(capture.Profile!, field));
        Assert.Equal(expected is null ? [field] : [], capture.Result.IgnoredFields);
    }

    [Theory]
    [InlineData("companySize", "250")]
    [InlineData("budget", "50000")]
    public async Task Counts_the_forty_characters_after_trimming(string field, string expected)
    {
        var padded = new string(' ', 30) + Readable(field, 3) + new string(' ', 30);

        var capture = await CaptureAsync(With(field, padded));

        Assert.Empty(capture.Result.IgnoredFields);
        Assert.Equal(Number(expected), Read(capture.Profile!, field));
    }

    [Fact]
    public async Task Names_every_ignored_field_in_form_order()
    {
        var request = new LeadCaptureRequest { Email = Email, Timeline = "later", Budget = "lots", CompanySize = "big" };

        var capture = await CaptureAsync(request);

        Assert.Equal(["companySize", "budget", "timeline"], capture.Result.IgnoredFields);
    }

    [Theory]
    [InlineData("companySize", "20000000")] // read, but more employees than LeadProfileRules allows
    [InlineData("timeline", "9999 years")] // read, but further out than LeadProfileRules allows
    public async Task Rejects_a_readable_value_out_of_bounds_and_stores_nothing(string field, string text)
    {
        var capture = await CaptureAsync(With(field, text));

        Assert.Equal(CaptureOutcome.Invalid, capture.Result.Outcome);
        Assert.Equal(field, Assert.Single(capture.Result.Errors).Field);
        Assert.Null(capture.Profile);
    }

    [Theory]
    [InlineData("formId", 101)]
    [InlineData("pageUrl", 2001)]
    [InlineData("utm_source", 257)]
    [InlineData("utm_medium", 257)]
    [InlineData("utm_campaign", 257)]
    public async Task Rejects_an_over_long_attribution_value_naming_its_field(string field, int length)
    {
        var value = new string('a', length);
        var request = field switch
        {
            "formId" => new LeadCaptureRequest { Email = Email, FormId = value },
            "pageUrl" => new LeadCaptureRequest { Email = Email, PageUrl = value },
            "utm_source" => new LeadCaptureRequest { Email = Email, UtmSource = value },
            "utm_medium" => new LeadCaptureRequest { Email = Email, UtmMedium = value },
            _ => new LeadCaptureRequest { Email = Email, UtmCampaign = value },
        };

        var capture = await CaptureAsync(request);

        Assert.Equal(CaptureOutcome.Invalid, capture.Result.Outcome);
        Assert.Equal(field, Assert.Single(capture.Result.Errors).Field);
    }

    [Theory]
    [InlineData(100, 100, false)]
    [InlineData(101, 100, true)]
    [InlineData(256, 100, true)]
    public async Task Cuts_a_source_or_campaign_over_100_characters_and_marks_it_cut(int length, int stored, bool cut)
    {
        var store = new InMemoryLeadTables(new FakeTimeProvider(Now));
        var campaign = "c" + new string('a', length - 1);
        var source = "s" + new string('b', length - 1);

        var result = await Service(store.Leads).CaptureAsync(new LeadCaptureRequest
        {
            Email = Email,
            UtmCampaign = campaign,
            UtmSource = source,
            UtmMedium = new string('m', 200),
        });

        var attribution = (await store.Leads.GetLeadAsync(result.LeadId!))!.Attribution;
        Assert.Equal((stored, stored), (attribution.UtmCampaign!.Length, attribution.UtmSource!.Length));
        Assert.Equal(cut, attribution.UtmCampaign.EndsWith(LeadAttribution.CutMarker));
        Assert.Equal(cut ? campaign[..99] + LeadAttribution.CutMarker : campaign, attribution.UtmCampaign);
        Assert.Equal(cut ? source[..99] + LeadAttribution.CutMarker : source, attribution.UtmSource);
        Assert.Equal(200, attribution.UtmMedium!.Length); // not a funnel group: kept as sent
    }

    [Fact]
    public void A_cut_never_splits_a_surrogate_pair()
    {
        var value = new string('a', 98) + "\U0001F600" + "tail"; // the emoji's two halves at 98 and 99

        var cut = LeadAttribution.CutGroupValue(value)!;

        Assert.Equal(new string('a', 98) + LeadAttribution.CutMarker, cut);
    }

    [Theory]
    [InlineData("de", "DE")] // a two-letter code is upper-cased
    [InlineData(" gb ", "GB")]
    [InlineData("Germany", "Germany")] // a name stays as given
    [InlineData("d", "d")]
    [InlineData("  ", null)]
    public async Task Reads_the_country_as_a_code_or_a_name(string country, string? expected)
    {
        var capture = await CaptureAsync(new LeadCaptureRequest { Email = Email, Country = country });

        Assert.Equal(expected, capture.Profile!.Country);
    }

    [Fact]
    public async Task Normalizes_the_email_and_trims_the_text_fields()
    {
        var request = new LeadCaptureRequest
        {
            Email = "  Ada@Example.ORG ",
            FirstName = " Ada ",
            LastName = "Lovelace",
            Company = "  ",
            JobTitle = "\tCTO\n",
            Industry = "Software",
            Phone = " +44 20 7946 0000 ",
            Need = " Score our leads ",
        };

        var profile = (await CaptureAsync(request)).Profile!;

        Assert.Equal(
            new LeadProfile
            {
                Email = Email,
                FirstName = "Ada",
                LastName = "Lovelace",
                JobTitle = "CTO",
                Industry = "Software",
                Phone = "+44 20 7946 0000",
                Need = "Score our leads",
            },
            profile);
    }

    [Theory]
    [InlineData(null, "is required")]
    [InlineData("ada@", "is not an email address")]
    [InlineData("ada@mailinator.com", "uses a disposable email domain")]
    public async Task Rejects_an_unusable_email_and_stores_nothing(string? email, string message)
    {
        var capture = await CaptureAsync(new LeadCaptureRequest { Email = email });

        Assert.Equal(CaptureOutcome.Invalid, capture.Result.Outcome);
        Assert.Equal(new ValidationError("email", message), Assert.Single(capture.Result.Errors));
        Assert.Null(capture.Profile);
    }

    [Fact]
    public async Task A_returning_lead_takes_the_fields_the_new_form_sets_and_keeps_the_others()
    {
        var stored = new LeadProfile
        {
            Email = Email,
            FirstName = "Ada",
            Company = "Acme",
            CompanySize = 120,
            Budget = 10_000,
            TimelineMonths = 12,
        };
        var request = new LeadCaptureRequest { Email = Email, Company = "Analytical Engines", Budget = "50k", CompanySize = "lots" };

        var saved = await CaptureReturningAsync(stored, request);

        Assert.Equal(
            stored with { Company = "Analytical Engines", Budget = 50_000 },
            saved);
    }

    [Fact]
    public void Merge_lets_every_field_the_form_sets_win_but_never_the_email()
    {
        var stored = new LeadProfile
        {
            Email = Email,
            FirstName = "Ada",
            LastName = "Byron",
            Company = "Acme",
            JobTitle = "Engineer",
            CompanySize = 10,
            Industry = "Software",
            Country = "GB",
            Phone = "1",
            Budget = 1,
            TimelineMonths = 1,
            Need = "old",
        };
        var submitted = new LeadProfile
        {
            Email = "other@example.org",
            FirstName = "Augusta",
            LastName = "Lovelace",
            Company = "Analytical Engines",
            JobTitle = "CTO",
            CompanySize = 250,
            Industry = "Manufacturing",
            Country = "IT",
            Phone = "2",
            Budget = 2,
            TimelineMonths = 2,
            Need = "new",
        };

        Assert.Equal(submitted with { Email = Email }, LeadCaptureService.Merge(stored, submitted));
    }

    [Fact]
    public void Merge_keeps_every_stored_field_the_form_leaves_empty()
    {
        var stored = new LeadProfile { Email = Email, FirstName = "Ada", CompanySize = 10, Budget = 1, TimelineMonths = 0 };

        var merged = LeadCaptureService.Merge(stored, new LeadProfile { Email = Email });

        Assert.Equal(stored, merged);
    }

    /// <summary>A request with one of the three number fields set.</summary>
    [Fact]
    public async Task A_form_for_a_lead_whose_erasure_begins_meanwhile_makes_a_new_lead_instead_of_failing()
    {
        var store = new InMemoryLeadTables(new FakeTimeProvider(Now));
        var (erased, _) = await store.Leads.GetOrCreateLeadAsync(new LeadProfile { Email = Email, Company = "Old" }, LeadAttribution.None);

        // The store found the returning lead; its erasure begins before the form's profile update and event are written.
        var racing = new Mock<ILeadRepository>();
        racing
            .Setup(s => s.GetOrCreateLeadAsync(
                It.IsAny<LeadProfile>(),
                It.IsAny<LeadAttribution>(),
                It.IsAny<IReadOnlyList<StoredEvent>?>(),
                It.IsAny<CancellationToken>()))
            .Returns(async (LeadProfile profile, LeadAttribution attribution, IReadOnlyList<StoredEvent>? first, CancellationToken token) =>
            {
                var found = await store.Leads.GetOrCreateLeadAsync(profile, attribution, first, token);
                store.BeginErasure(erased.LeadId);
                return found;
            });
        racing.Setup(s => s.TryUpdateProfileAsync(It.IsAny<Lead>(), It.IsAny<CancellationToken>()))
            .Returns((Lead lead, CancellationToken token) => store.Leads.TryUpdateProfileAsync(lead, token));
        racing.Setup(s => s.GetLeadAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns((string leadId, CancellationToken token) => store.Leads.GetLeadAsync(leadId, token));
        racing.Setup(s => s.AppendEventsAsync(It.IsAny<string>(), It.IsAny<IReadOnlyList<StoredEvent>>(), It.IsAny<CancellationToken>()))
            .Returns((string leadId, IReadOnlyList<StoredEvent> events, CancellationToken token) =>
                store.Leads.AppendEventsAsync(leadId, events, token));

        var result = await Service(racing.Object).CaptureAsync(new LeadCaptureRequest { Email = Email, Company = "New" });

        Assert.Equal(CaptureOutcome.Accepted, result.Outcome);
        Assert.NotEqual(erased.LeadId, result.LeadId);
        var state = (await store.Scores.GetScoringStateAsync(result.LeadId!))!;
        Assert.Equal("New", state.Lead.Profile.Company);
        Assert.Equal("Form Submitted", Assert.Single(state.Events).Type);
        Assert.Null(await store.Leads.GetLeadAsync(erased.LeadId));
    }

    private static LeadCaptureRequest With(string field, string? text) => NumberFields[field].Request(text);

    /// <summary>A value that reads as a number, padded to <paramref name="length"/> characters without trimmable ends.</summary>
    private static string Readable(string field, int length) => field switch
    {
        "companySize" => new string('0', length - 3) + "250",
        "budget" => new string('0', length - 3) + "50k",
        "timeline" => "3" + new string(' ', length - 7) + "months",
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };

    /// <summary>The profile's number for the field, null when absent.</summary>
    private static decimal? Read(LeadProfile profile, string field) => NumberFields[field].Read(profile);

    private static decimal? Number(string? text) =>
        text is null ? null : decimal.Parse(text, CultureInfo.InvariantCulture);

    /// <summary>Captures a new lead; returns the result and the profile the store then holds (null when it holds no lead).</summary>
    private static async Task<(CaptureResult Result, LeadProfile? Profile)> CaptureAsync(LeadCaptureRequest request)
    {
        var store = new InMemoryLeadTables(new FakeTimeProvider(Now));

        var result = await Service(store.Leads).CaptureAsync(request);

        var created = (await store.Leads.ListLeadIdsAsync(null, 10)).LeadIds.SingleOrDefault();
        return (result, created is null ? null : (await store.Leads.GetLeadAsync(created))!.Profile);
    }

    /// <summary>Captures a form for a lead stored before; returns the profile the store then holds for it.</summary>
    private static async Task<LeadProfile> CaptureReturningAsync(LeadProfile stored, LeadCaptureRequest request)
    {
        var store = new InMemoryLeadTables(new FakeTimeProvider(Now));
        var (lead, _) = await store.Leads.GetOrCreateLeadAsync(stored, LeadAttribution.None);

        var result = await Service(store.Leads).CaptureAsync(request);

        Assert.Equal(CaptureOutcome.Accepted, result.Outcome);
        var saved = (await store.Leads.GetLeadAsync(lead.LeadId))?.Profile;
        return Assert.IsType<LeadProfile>(saved);
    }

    private static LeadCaptureService Service(ILeadRepository store) => new(
        store,
        new Mock<IRescoreQueue>().Object,
        new VisitorJoinService(
            new InMemoryLeadTables().VisitorStore, store, new JoinedVisitors(), NullLogger<VisitorJoinService>.Instance),
        ScoringModel.Default,
        new FakeTimeProvider(Now),
        NullLogger<LeadCaptureService>.Instance);
}
