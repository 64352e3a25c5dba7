using LeadFunctions.Leads;
using LeadFunctions.Scoring;
using static LeadFunctions.Core.Tests.Scoring.TestModels;

namespace LeadFunctions.Core.Tests.Scoring;

/// <summary>Fit rules on any captured field (<c>fit.fields</c>): scoring, the breakdown, and validation with JSON paths.</summary>
public sealed class LeadScorerFieldRuleTests
{
    private const string Fields = """
        "fields": [
          { "id": "source-reference", "label": "Source: reference", "field": "utm_source", "values": ["reference"], "points": 12 },
          { "id": "medium-cpc", "field": "utm_medium", "values": ["cpc", "ppc"], "points": -3 },
          { "id": "title-word-growth", "field": "jobTitleWord", "values": ["growth"], "points": 4 },
          { "id": "size-11-50", "field": "companySizeBand", "values": ["11-50"], "points": 6 },
          { "id": "email-free", "field": "emailDomainKind", "values": ["free-mail"], "points": -7 },
          { "id": "form-demo", "field": "formId", "values": ["demo-form"], "points": 2 }
        ],
        "disposableDomains"
        """;

    private static readonly ScoringModel WithFields = ScoringModel.Parse(Json.Replace("\"disposableDomains\"", Fields, StringComparison.Ordinal));

    [Fact]
    public void Scores_a_field_rule_on_the_attribution_ignoring_case_and_names_the_field_in_the_breakdown()
    {
        var score = ScoreWithFields(Profile(), new LeadAttribution { UtmSource = " Reference ", UtmMedium = "PPC", FormId = "demo-form" });

        Assert.Equal(12 - 3 + 2, score.FitScore);
        var reference = Assert.Single(score.Breakdown, c => c.RuleId == "source-reference");
        Assert.Equal((ScoreKind.Fit, "utm_source", "Source: reference", 12m), (reference.Kind, reference.Source, reference.Label, reference.Points));
        Assert.Contains(score.Breakdown, c => c.RuleId == "medium-cpc" && c.Source == "utm_medium");
    }

    [Fact]
    public void Reads_a_job_title_word_the_company_size_band_and_the_email_domain_kind()
    {
        var score = ScoreWithFields(
            Profile(email: "kim@mail.gmail.com", jobTitle: "Head of Growth, EMEA", companySize: 40),
            LeadAttribution.None);

        Assert.Equal(["director", "email-free", "free-mail", "size-11-50", "size-small", "title-word-growth"], score.Breakdown
            .Select(c => c.RuleId).Order(StringComparer.Ordinal));
        Assert.Equal(15 + 4 + 6 - 7 - 10, score.FitScore);
    }

    [Fact]
    public void A_company_address_is_not_free_mail_and_the_scorer_without_attribution_matches_no_utm_rule()
    {
        var score = new LeadScorer(WithFields, TimeProvider.System).Score(Profile(jobTitle: "Growth hacker"), [], LeadStanding.New, Now);

        Assert.Equal(["title-word-growth"], score.Breakdown.Select(c => c.RuleId));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(0, null)]
    [InlineData(1, "1-10")]
    [InlineData(50, "11-50")]
    [InlineData(51, "51-200")]
    [InlineData(1000, "201-1000")]
    [InlineData(1001, "1001+")]
    public void Bands_company_sizes(int? employees, string? band)
    {
        Assert.Equal(band, CapturedFields.SizeBand(employees));
    }

    [Fact]
    public void Splits_a_job_title_into_words_without_stop_words_each_once()
    {
        Assert.Equal(["VP", "Sales", "Marketing"], CapturedFields.TitleWords("VP of Sales & Marketing, sales"));
    }

    [Fact]
    public void Refuses_an_unknown_field_and_empty_values_with_their_paths_and_ids_used_elsewhere()
    {
        var json = Json.Replace(
            "\"disposableDomains\"",
            """
            "fields": [
              { "id": "source-x", "field": "utm_sauce", "values": ["x"], "points": 1 },
              { "id": "source-y", "field": "utm_source", "values": [], "points": 1 },
              { "id": "c-level", "field": "country", "values": [" "], "points": 1 }
            ],
            "disposableDomains"
            """,
            StringComparison.Ordinal);

        var exception = Assert.Throws<ScoringModelException>(() => ScoringModel.Parse(json));

        Assert.Equal(
            [
                "$.fit.fields[0].field: is not a field the app captures; the fields are utm_source, utm_medium, utm_campaign, formId, "
                    + "industry, country, jobTitleWord, companySizeBand, emailDomainKind",
                "$.fit.fields[1].values: must list at least one value",
                "$.fit.fields[2].id: 'c-level' is used by another rule; rule ids must be unique",
                "$.fit.fields[2].values[0]: must be a non-empty string of at most 100 characters",
            ],
            exception.Errors.Select(error => error.ToString()));
    }

    [Fact]
    public void A_model_with_field_rules_is_written_and_read_back_unchanged()
    {
        var written = ScoringModel.Write(WithFields.ToDocument());

        var reread = ScoringModel.Parse(written);

        Assert.Equal(WithFields.Fit.Fields, reread.Fit.Fields, (a, b) => a.Id == b.Id && a.Field == b.Field
            && a.Values.SequenceEqual(b.Values) && a.Points == b.Points && a.Label == b.Label);
        Assert.Contains("\"field\": \"utm_source\"", written, StringComparison.Ordinal);
    }

    private static LeadScore ScoreWithFields(LeadProfile profile, LeadAttribution attribution) =>
        new LeadScorer(WithFields, TimeProvider.System).Score(profile, attribution, [], LeadStanding.New, Now);
}
