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
}
