using System.Text;
using LeadFunctions.Http.Models;
using LeadFunctions.Modeling;

namespace LeadFunctions.Http.Tests.Models;

/// <summary>The options of <c>POST /api/models/suggestions</c>: each read, each refused with its field's name.</summary>
public sealed class SuggestionRequestTests
{
    [Fact]
    public void An_empty_body_is_the_defaults_a_quarter_of_the_leads_at_sql_with_discovery()
    {
        var (options, errors) = SuggestionRequest.Parse(ReadOnlyMemory<byte>.Empty);

        Assert.Empty(errors);
        Assert.Equal((0.25, 0.5, true, 30, 0), (options!.SqlShareTarget!.Value, options.MqlShare, options.Discover, options.MinSupport, options.Keep.Count));
    }

    [Fact]
    public void Reads_every_option()
    {
        var (options, errors) = Parse("""
            {"holdout": 0.3, "lambda": 2, "sqlRecall": 0.6, "mqlShare": 0.4, "keep": ["requireBant", "highIntent", "requireBant"],
             "discover": false, "minSupport": 50}
            """);

        Assert.Empty(errors);
        Assert.Equal((0.3, 2.0, (double?)null, 0.6, 0.4), (options!.Holdout, options.Lambda, options.SqlShareTarget, options.SqlRecall!.Value, options.MqlShare));
        Assert.Equal(["requireBant", "highIntent"], options.Keep);
        Assert.Equal((false, 50), (options.Discover, options.MinSupport));
    }

    [Theory]
    [InlineData("""{"sqlShare": 0}""", "sqlShare", "must be a number greater than 0 and less than 1.")]
    [InlineData("""{"sqlShare": 1}""", "sqlShare", "must be a number greater than 0 and less than 1.")]
    [InlineData("""{"sqlRecall": -0.2}""", "sqlRecall", "must be a number greater than 0 and less than 1.")]
    [InlineData("""{"mqlShare": "half"}""", "mqlShare", "must be a number greater than 0 and less than 1.")]
    [InlineData("""{"sqlShare": 0.2, "sqlRecall": 0.6}""", "sqlRecall", "give sqlShare or sqlRecall, not both.")]
    [InlineData("""{"keep": ["budget"]}""", "keep", "must be an array of requireBant and highIntent (either or both).")]
    [InlineData("""{"keep": "requireBant"}""", "keep", "must be an array of requireBant and highIntent (either or both).")]
    [InlineData("""{"discover": "yes"}""", "discover", "must be true or false.")]
    [InlineData("""{"minSupport": 2}""", "minSupport", "must be a whole number from 5 to 50000.")]
    [InlineData("""{"minSupport": 30.5}""", "minSupport", "must be a whole number from 5 to 50000.")]
    [InlineData("""{"seed": 1}""", "seed",
        "is not an option; the options are holdout, lambda, sqlShare, sqlRecall, mqlShare, keep, discover, minSupport.")]
    public void Refuses_a_bad_option_naming_its_field(string json, string field, string message)
    {
        var (options, errors) = Parse(json);

        Assert.Null(options);
        var error = Assert.Single(errors);
        Assert.Equal((field, message), (error.Field, error.Message));
    }

    [Fact]
    public void Names_every_bad_field_at_once()
    {
        var (_, errors) = Parse("""{"holdout": 0.9, "sqlShare": 2, "mqlShare": 0, "minSupport": 0}""");

        Assert.Equal(["holdout", "minSupport", "mqlShare", "sqlShare"], errors.Select(error => error.Field).Order(StringComparer.Ordinal));
    }

    private static (SuggestionOptions? Options, IReadOnlyList<LeadFunctions.Validation.ValidationError> Errors) Parse(string json) =>
        SuggestionRequest.Parse(Encoding.UTF8.GetBytes(json));
}
