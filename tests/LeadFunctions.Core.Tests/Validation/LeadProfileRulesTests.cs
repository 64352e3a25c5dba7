using LeadFunctions.Leads;
using LeadFunctions.Scoring;
using LeadFunctions.Validation;

namespace LeadFunctions.Core.Tests.Validation;

public sealed class LeadProfileRulesTests
{
    private static readonly LeadProfile Valid = new()
    {
        Email = "ada@acme.example",
        JobTitle = "CTO",
        CompanySize = 120,
        Budget = 50000,
        TimelineMonths = 3,
        Need = "Score our leads",
    };

    [Fact]
    public void Accepts_a_valid_profile()
    {
        Assert.Empty(LeadProfileRules.Validate(Valid, ScoringModel.Default));
    }

    [Theory]
    [MemberData(nameof(BadProfiles))]
    public void Rejects_absurd_values_naming_the_field(LeadProfile profile, string field)
    {
        var errors = LeadProfileRules.Validate(profile, ScoringModel.Default);

        Assert.Contains(errors, e => e.Field == field);
    }

    public static TheoryData<LeadProfile, string> BadProfiles() => new()
    {
        { Valid with { CompanySize = -5 }, "companySize" },
        { Valid with { CompanySize = int.MaxValue }, "companySize" },
        { Valid with { Budget = -1 }, "budget" },
        { Valid with { TimelineMonths = -1 }, "timeline" },
        { Valid with { TimelineMonths = 1000 }, "timeline" },
        { Valid with { JobTitle = new string('x', 10 * 1024 * 1024) }, "jobTitle" },
        { Valid with { Company = "Acme\u0007" }, "company" },
        { Valid with { Need = new string('n', 5000) }, "need" },
        { Valid with { Email = "someone@mailinator.com" }, "email" },
        { Valid with { Email = "not an email" }, "email" },
    };

    [Fact]
    public void Reports_every_problem_in_field_order()
    {
        var profile = new LeadProfile
        {
            Email = "someone@mailinator.com",
            FirstName = "Ada\u0000",
            LastName = new string('l', 257),
            Company = "Acme\u0007",
            JobTitle = "CTO\u001b",
            Industry = new string('i', 257),
            Country = "D\u0001E",
            Phone = new string('5', 41),
            Need = "Lines\r\n\tand tabs are fine, a bell\u0007 is not",
            CompanySize = -1,
            Budget = 1_000_000_000_001m,
            TimelineMonths = 121,
        };

        var errors = LeadProfileRules.Validate(profile, ScoringModel.Default);

        Assert.Equal(
            [
                "email: uses a disposable email domain",
                "firstName: contains control characters",
                "lastName: must be at most 256 characters",
                "company: contains control characters",
                "jobTitle: contains control characters",
                "industry: must be at most 256 characters",
                "country: contains control characters",
                "phone: must be at most 40 characters",
                "need: contains control characters",
                "companySize: must be between 0 and 10000000 employees",
                "budget: must be between 0 and 1000000000000",
                "timeline: must be between 0 and 120 months",
            ],
            errors.Select(error => error.ToString()));
    }

    [Theory]
    [InlineData("not an email", "email: is not an email address")]
    [InlineData(" ", "email: is required")]
    [InlineData("Someone@EU.Mailinator.com ", "email: uses a disposable email domain")]
    public void Names_the_email_problem(string email, string expected)
    {
        var errors = LeadProfileRules.Validate(Valid with { Email = email }, ScoringModel.Default);

        Assert.Equal(expected, Assert.Single(errors).ToString());
    }

    [Fact]
    public void Accepts_values_at_their_limits_and_line_breaks_in_text()
    {
        var profile = Valid with
        {
            Company = new string('c', LeadProfileRules.MaxTextLength),
            Phone = new string('5', 40),
            Need = "First line\r\nsecond\tline",
            CompanySize = LeadProfileRules.MaxCompanySize,
            Budget = LeadProfileRules.MaxBudget,
            TimelineMonths = LeadProfileRules.MaxTimelineMonths,
        };

        Assert.Empty(LeadProfileRules.Validate(profile, ScoringModel.Default));
    }
}
