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

    private static string ReplaceFirst(string text, string original, string replacement)
    {
        var index = text.IndexOf(original, StringComparison.Ordinal);
        return text[..index] + replacement + text[(index + original.Length)..];
    }
}
