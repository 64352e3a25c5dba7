using LeadFunctions.Email;
using LeadFunctions.Leads;

namespace LeadFunctions.Email.Tests;

public sealed class SalesRouterTests
{
    private static readonly SalesRouter Router = new(TestLeads.Notifications());

    [Theory]
    [InlineData("DE", 5000, "dach-sales@example.com")] // both routes match: the first wins
    [InlineData("ch", 20, "dach-sales@example.com")] // countries compare ignoring case, spaces in the list ignored
    [InlineData(" AT ", null, "dach-sales@example.com")]
    [InlineData("US", 1000, "enterprise-sales@example.com")]
    [InlineData("US", 999, "sales@example.com")]
    [InlineData("US", null, "sales@example.com")] // an unknown size never matches a size condition
    [InlineData(null, null, "sales@example.com")]
    [InlineData("Germany", 50, "sales@example.com")] // only the listed spellings match
    public void Routes_to_the_first_matching_inbox_else_the_default(string? country, int? companySize, string expected)
    {
        var profile = new LeadProfile { Email = "dana@northwind.example", Country = country, CompanySize = companySize };

        Assert.Equal(expected, Router.RecipientFor(profile));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData(10, false)]
    [InlineData(50, true)]
    [InlineData(200, true)]
    [InlineData(201, false)]
    public void Every_condition_of_a_route_must_match(int? companySize, bool matches)
    {
        var route = new SalesRoute { Countries = "US,CA", MinCompanySize = 50, MaxCompanySize = 200, Recipient = "na-mid@example.com" };

        Assert.Equal(matches, route.Matches(new LeadProfile { Email = "a@b.example", Country = "US", CompanySize = companySize }));
        Assert.False(route.Matches(new LeadProfile { Email = "a@b.example", Country = "MX", CompanySize = companySize }));
    }

    [Fact]
    public void Without_routes_every_lead_goes_to_the_default_recipient()
    {
        var router = new SalesRouter(
            new NotificationOptions { DefaultRecipient = "sales@example.com", PublicBaseUrl = "http://localhost/" });

        Assert.Equal(
            "sales@example.com",
            router.RecipientFor(new LeadProfile { Email = "a@b.example", Country = "DE", CompanySize = 5000 }));
    }
}
