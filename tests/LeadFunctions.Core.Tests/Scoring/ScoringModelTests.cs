using System.Text.RegularExpressions;
using LeadFunctions.Scoring;

namespace LeadFunctions.Core.Tests.Scoring;

public sealed class ScoringModelTests
{
    [Fact]
    public void Loads_the_default_model()
    {
        var model = ScoringModel.Default;

        Assert.StartsWith("b2b-saas-", model.Version, StringComparison.Ordinal);
        Assert.True(model.IsKnownEventType("demo requested"));
        Assert.True(model.IsDisposableDomain("mailinator.com"));
        Assert.True(model.IsDisposableDomain("eu.mailinator.com"));
        Assert.False(model.IsDisposableDomain("acme.com"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("null")]
    public void Rejects_documents_that_are_not_a_model_object(string json)
    {
        var exception = Assert.Throws<ScoringModelException>(() => ScoringModel.Parse(json));

        Assert.NotEmpty(exception.Errors);
    }

    [Theory]
    [InlineData("$.version", "\"version\": \"test-1\"", "\"version\": \"\"")]
    [InlineData("$.fit.jobTitle[0].pattern", "\"pattern\": \"\\\\b(student|intern)\\\\b\"", "\"pattern\": \"(unclosed\"")]
    [InlineData("$.fit.companySize[1].min", "\"min\": 50, \"max\": 999", "\"min\": 999, \"max\": 50")]
    [InlineData("$.engagement.rules[0].cap", "\"cap\": 25", "\"cap\": -5")]
    [InlineData("$.engagement.rules[3].maxCount", "\"maxCount\": 2", "\"maxCount\": 0")]
    [InlineData("$.engagement.rules[3].halfLifeDays", "\"halfLifeDays\": 20", "\"halfLifeDays\": 0")]
    [InlineData("$.engagement.defaultHalfLifeDays", "\"defaultHalfLifeDays\": 10", "\"defaultHalfLifeDays\": 1e309")]
    [InlineData("$.engagement.rules[1].id", "{ \"id\": \"page\"", "{ \"id\": \"pricing\"")]
    [InlineData("$.engagement.rules[0].where[0]", "\"contains\": \"/pricing\"", "\"contains\": \"/pricing\", \"equals\": \"/x\"")]
    [InlineData("$.fit.emailDomain[0].domains[0]", "\"domains\": [\"gmail.com\"]", "\"domains\": [\"gmail\"]")]
    [InlineData("$.grades[3].minFit", "{ \"grade\": \"D\" }", "{ \"grade\": \"D\", \"minFit\": 0 }")]
    [InlineData("$.grades[1].minFit", "{ \"grade\": \"B\", \"minFit\": 30 }", "{ \"grade\": \"B\", \"minFit\": 70 }")]
    [InlineData("$.fit.minScore", "\"minScore\": -50", "\"minScore\": 80")]
    [InlineData(
        "$.engagement.rules[1].points",
        "\"id\": \"page\", \"eventType\": \"Page Viewed\", \"points\": 1",
        "\"id\": \"page\", \"eventType\": \"Page Viewed\", \"points\": 1.005")]
    public void Names_the_path_of_a_bad_value(string path, string original, string replacement)
    {
        Assert.Contains(original, TestModels.Json, StringComparison.Ordinal);
        var json = ReplaceFirst(TestModels.Json, original, replacement);

        var exception = Assert.Throws<ScoringModelException>(() => ScoringModel.Parse(json));

        Assert.Contains(exception.Errors, e => e.Path == path);
    }

    [Theory]
    [InlineData("\"points\": 10, \"cap\": 25", "\"points\": \"ten\", \"cap\": 25", "$.engagement.rules[0].points")]
    [InlineData("\"version\": \"test-1\",", "\"version\": \"test-1\", \"verison\": 2,", "$")]
    [InlineData("\"minEngagement\": 20", "\"minEngagement\": 20, \"typo\": true", "$.qualification.mql")]
    public void Names_the_path_of_a_wrongly_typed_or_unknown_member(string original, string replacement, string pathPrefix)
    {
        var json = ReplaceFirst(TestModels.Json, original, replacement);

        var exception = Assert.Throws<ScoringModelException>(() => ScoringModel.Parse(json));

        var error = Assert.Single(exception.Errors);
        Assert.StartsWith(pathPrefix, error.Path, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_every_problem_of_the_fit_section_in_document_order()
    {
        var json = ReplaceEach(
            TestModels.Json,
            ("\"minScore\": -50", "\"minScore\": 60"),
            ("""{ "id": "c-level", "pattern": "\\b(ceo|cto|chief)\\b", "points": 25 }""",
                """{ "id": "student", "pattern": "(unclosed", "points": 25.555 }"""),
            ("""{ "id": "size-small", "min": 1, "max": 49, "points": 0 }""", """{ "id": "size-small", "points": 0 }"""),
            ("""{ "id": "budget-low", "min": 0, "max": 49999""", """{ "id": "budget-low", "min": 50000, "max": 1"""),
            ("""["Software", "SaaS"]""", "[]"),
            ("""["US", "DE"]""", """["US", " "]"""),
            ("\"minLength\": 5", "\"minLength\": 0"),
            ("""["rival.example"]""", "[]"),
            ("""["mailinator.com"]""", """["mailinator.com", "a@b.com"]"""));
        var regexProblem = Assert.ThrowsAny<ArgumentException>(() => new Regex("(unclosed")).Message;

        var exception = Assert.Throws<ScoringModelException>(() => ScoringModel.Parse(json));

        Assert.Equal(
            [
                "$.fit.minScore: must be lower than maxScore",
                "$.fit.jobTitle[1].id: 'student' is used by another rule; rule ids must be unique",
                "$.fit.jobTitle[1].points: must have at most two decimal places",
                $"$.fit.jobTitle[1].pattern: is not a valid regular expression: {regexProblem}",
                "$.fit.companySize[0]: must set min, max or both",
                "$.fit.budget[1].min: must not be greater than max",
                "$.fit.industry[0].values: must list at least one value",
                "$.fit.country[0].values[1]: must be a non-empty string of at most 100 characters",
                "$.fit.need.minLength: must be between 1 and 10000",
                "$.fit.emailDomain[1].domains: must list at least one domain",
                "$.fit.disposableDomains[1]: must be a domain name such as example.com",
            ],
            exception.Errors.Select(error => error.ToString()));
    }

    [Fact]
    public void Reports_every_problem_of_the_engagement_section_in_document_order()
    {
        var json = ReplaceEach(
            TestModels.Json,
            ("\"minScore\": -30", "\"minScore\": 100"),
            ("\"defaultHalfLifeDays\": 10", "\"defaultHalfLifeDays\": 0"),
            ("""{ "property": "path", "contains": "/pricing" }""", """{ "property": "", "contains": "/pricing", "equals": "/x" }"""),
            ("\"cap\": 25", "\"cap\": 0"),
            ("""{ "id": "page", "eventType": "Page Viewed", "points": 1 }""",
                """{ "id": "pricing", "eventType": "", "category": " ", "points": 1.005 }"""),
            ("\"oncePer\": \"emailId\"", "\"oncePer\": \"\""),
            ("\"maxCount\": 2, \"halfLifeDays\": 20", "\"maxCount\": 0, \"halfLifeDays\": 0, \"decays\": false"),
            ("""["Identify"]""", """["Identify", ""]"""));

        var exception = Assert.Throws<ScoringModelException>(() => ScoringModel.Parse(json));

        const string Name = "must be a non-empty string of at most 100 characters";
        const string HalfLife = "must be between 1 hour (0.0417) and 3650 days";
        Assert.Equal(
            [
                "$.engagement.minScore: must be lower than maxScore",
                $"$.engagement.defaultHalfLifeDays: {HalfLife}",
                "$.engagement.rules[0].cap: must be greater than 0 and at most 10000",
                $"$.engagement.rules[0].where[0].property: {Name}",
                "$.engagement.rules[0].where[0]: must set exactly one of equals, contains, startsWith",
                "$.engagement.rules[1].id: 'pricing' is used by another rule; rule ids must be unique",
                "$.engagement.rules[1].points: must have at most two decimal places",
                $"$.engagement.rules[1].eventType: {Name}",
                $"$.engagement.rules[1].category: {Name}",
                $"$.engagement.rules[2].oncePer: {Name}",
                "$.engagement.rules[3].maxCount: must be at least 1",
                $"$.engagement.rules[3].halfLifeDays: {HalfLife}",
                "$.engagement.rules[3].halfLifeDays: is set but decays is false; remove one of them",
                $"$.engagement.unscoredEventTypes[1]: {Name}",
            ],
            exception.Errors.Select(error => error.ToString()));
    }

    [Fact]
    public void Rejects_more_than_a_thousand_engagement_rules_and_still_checks_each_rule()
    {
        const string LastRule = """{ "id": "unsubscribed", "eventType": "Unsubscribed", "category": "negative", "points": -20, """
            + "\"decays\": false }";
        var extra = Enumerable.Range(0, 993)
            .Select(i => $$"""{ "id": "extra-{{i}}", "eventType": "Extra", "points": {{(i == 992 ? 0.001m : 1)}} }""");
        var json = ReplaceEach(TestModels.Json, (LastRule, LastRule + ", " + string.Join(", ", extra)));

        var exception = Assert.Throws<ScoringModelException>(() => ScoringModel.Parse(json));

        Assert.Equal(
            [
                "$.engagement.rules: has 1001 rules; at most 1000 are accepted",
                "$.engagement.rules[1000].points: must have at most two decimal places",
            ],
            exception.Errors.Select(error => error.ToString()));
    }

    [Fact]
    public void Job_title_patterns_count_toward_the_rule_cap()
    {
        const string LastTitle = """{ "id": "manager", "pattern": "\\bmanager\\b", "points": 5 }""";
        string Titles(int count) => LastTitle + string.Concat(Enumerable.Range(0, count)
            .Select(i => $$""", { "id": "title-{{i}}", "pattern": "\\bt{{i}}\\b", "points": 1 }"""));

        var exception = Assert.Throws<ScoringModelException>(() => ScoringModel.Parse(ReplaceEach(TestModels.Json, (LastTitle, Titles(988)))));
        var atTheCap = ScoringModel.Parse(ReplaceEach(TestModels.Json, (LastTitle, Titles(987))));

        Assert.Equal(
            ["$.fit.jobTitle: has 993 patterns; with the 8 engagement rules that is 1001 rules; at most 1000 are accepted"],
            exception.Errors.Select(error => error.ToString()));
        Assert.Equal("test-1", atTheCap.Version);
    }

    [Fact]
    public void Rejects_a_job_title_pattern_over_200_characters()
    {
        const string Manager = @"\\bmanager\\b";
        var longest = @"\\b" + new string('m', 196) + @"\\b"; // 200 characters once the JSON is read
        var model = ScoringModel.Parse(ReplaceEach(TestModels.Json, (Manager, longest)));

        var exception = Assert.Throws<ScoringModelException>(() =>
            ScoringModel.Parse(ReplaceEach(TestModels.Json, (Manager, @"\\b" + new string('m', 197) + @"\\b"))));

        Assert.Equal(200, model.Fit.JobTitle[4].Pattern.Length);
        Assert.Equal(["$.fit.jobTitle[4].pattern: must be at most 200 characters"], exception.Errors.Select(error => error.ToString()));
    }

    [Fact]
    public void Requires_the_top_level_sections()
    {
        var exception = Assert.Throws<ScoringModelException>(() => ScoringModel.Parse("""{ "version": "x" }"""));

        Assert.Contains("fit", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_document_larger_than_the_limit()
    {
        var huge = "{\"version\": \"" + new string('x', ScoringModel.MaxDocumentLength) + "\"}";

        var exception = Assert.Throws<ScoringModelException>(() => ScoringModel.Parse(huge));

        Assert.Equal("$", Assert.Single(exception.Errors).Path);
    }

    [Fact]
    public async Task Loads_a_model_from_a_stream()
    {
        await using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(TestModels.Json));

        var model = await ScoringModel.LoadAsync(stream);

        Assert.Equal("test-1", model.Version);
    }

    private static string ReplaceEach(string text, params (string Original, string Replacement)[] replacements)
    {
        foreach (var (original, replacement) in replacements)
        {
            Assert.Contains(original, text, StringComparison.Ordinal);
            text = ReplaceFirst(text, original, replacement);
        }

        return text;
    }

    private static string ReplaceFirst(string text, string original, string replacement)
    {
        var index = text.IndexOf(original, StringComparison.Ordinal);
        return text[..index] + replacement + text[(index + original.Length)..];
    }
}
