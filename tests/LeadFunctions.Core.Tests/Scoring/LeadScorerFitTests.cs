using LeadFunctions.Scoring;
using static LeadFunctions.Core.Tests.Scoring.TestModels;

namespace LeadFunctions.Core.Tests.Scoring;

public sealed class LeadScorerFitTests
{
    [Theory]
    [InlineData("CEO", 25)]
    [InlineData("Chief Revenue Officer", 25)]
    [InlineData("VP Marketing", 20)]
    [InlineData("Vice President, Sales", 20)]
    [InlineData("Head of Growth", 15)]
    [InlineData("Marketing Director", 15)]
    [InlineData("Product Manager", 5)]
    [InlineData("Marketing Intern", -20)]
    [InlineData("PhD Student", -20)]
    [InlineData("Engineer", 0)]
    public void Scores_seniority_from_the_first_matching_job_title_pattern(string title, int expected)
    {
        var score = Score(Profile(jobTitle: title), []);

        Assert.Equal(expected, score.FitScore);
    }

    [Fact]
    public void Student_pattern_wins_over_a_senior_word_because_it_comes_first()
    {
        var score = Score(Profile(jobTitle: "Intern to the CEO"), []);

        Assert.Equal(-20, score.FitScore);
        Assert.False(score.Bant.Authority);
    }

    [Theory]
    [InlineData(10, 0)]
    [InlineData(50, 10)]
    [InlineData(999, 10)]
    [InlineData(1000, 20)]
    [InlineData(250000, 20)]
    public void Scores_company_size_bands_inclusively(int employees, int expected)
    {
        Assert.Equal(expected, Score(Profile(companySize: employees), []).FitScore);
    }

    [Fact]
    public void Scores_industry_and_country_lists_case_insensitively()
    {
        var score = Score(Profile(industry: " saas ", country: "de"), []);

        Assert.Equal(15, score.FitScore);
        Assert.Contains(score.Breakdown, c => c.RuleId == "industry-software" && c.Source == "industry");
        Assert.Contains(score.Breakdown, c => c.RuleId == "country-core" && c.Source == "country");
    }

    [Fact]
    public void Scores_bant_fields_and_reports_them_complete()
    {
        var score = Score(Profile(jobTitle: "CTO", budget: 75000, timelineMonths: 2, need: "Replace our spreadsheets"), []);

        Assert.Equal(25 + 10 + 10 + 5, score.FitScore);
        Assert.True(score.Bant.IsComplete);
    }

    [Fact]
    public void Bant_is_incomplete_when_budget_is_below_every_positive_band()
    {
        var score = Score(Profile(jobTitle: "CTO", budget: 1000, timelineMonths: 2, need: "Replace our spreadsheets"), []);

        Assert.False(score.Bant.Budget);
        Assert.False(score.Bant.IsComplete);
    }

    [Fact]
    public void Need_shorter_than_the_minimum_length_does_not_count()
    {
        var score = Score(Profile(need: "abc"), []);

        Assert.Equal(0, score.FitScore);
        Assert.False(score.Bant.Need);
    }

    [Theory]
    [InlineData("someone@gmail.com", -10)]
    [InlineData("spy@rival.example", -40)]
    [InlineData("spy@eu.rival.example", -40)]
    [InlineData("someone@notrival.example", 0)]
    public void Scores_free_mail_and_competitor_domains_negatively(string email, int expected)
    {
        Assert.Equal(expected, Score(Profile(email: email), []).FitScore);
    }

    [Fact]
    public void Limits_fit_to_the_model_maximum_and_explains_the_limit()
    {
        var profile = Profile(
            jobTitle: "CEO", companySize: 5000, industry: "SaaS", country: "US", budget: 90000, timelineMonths: 1, need: "Lots of need");
        var score = Score(profile, []);

        Assert.Equal(60, score.FitScore);
        var limit = Assert.Single(score.Breakdown, c => c.Source == "limit");
        Assert.Equal(25 + 20 + 10 + 5 + 10 + 10 + 5 - 60, -limit.Points);
        Assert.Equal(score.FitScore, Sum(score, ScoreKind.Fit));
    }

    [Fact]
    public void Limits_fit_to_the_model_minimum()
    {
        var score = Score(Profile(email: "x@rival.example", jobTitle: "student"), []);

        Assert.Equal(-50, score.FitScore);
        Assert.Equal(-50, Sum(score, ScoreKind.Fit));
    }

    [Theory]
    [InlineData("CEO", 1000, "SaaS", "A")]
    [InlineData("CEO", 50, null, "B")]
    [InlineData("Director", null, null, "C")]
    [InlineData("Engineer", null, null, "D")]
    public void Grades_fit_from_A_to_D(string title, int? size, string? industry, string grade)
    {
        Assert.Equal(grade, Score(Profile(jobTitle: title, companySize: size, industry: industry), []).Grade);
    }

    [Fact]
    public void Fit_does_not_decay()
    {
        var profile = Profile(jobTitle: "CEO", companySize: 5000);
        var now = Scorer().Score(profile, [], LeadStanding.New, Now);
        var later = Scorer().Score(profile, [], LeadStanding.New, Now.AddYears(2));

        Assert.Equal(now.FitScore, later.FitScore);
    }
}
