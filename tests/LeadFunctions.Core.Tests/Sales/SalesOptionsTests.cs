using System.ComponentModel.DataAnnotations;
using LeadFunctions.Leads;
using LeadFunctions.Notifications;
using LeadFunctions.Sales;

namespace LeadFunctions.Core.Tests.Sales;

public sealed class SalesOptionsTests
{
    [Fact]
    public void The_default_reject_reasons_are_the_issue_s_seven_each_leading_to_one_stage()
    {
        var options = new SalesOptions();

        Assert.Equal(["No budget", "Bad timing", "No response"], options.GetRecycleReasons());
        Assert.Equal(["Not a fit", "Duplicate", "Competitor", "Spam or fake"], options.GetDisqualifyReasons());
        Assert.Equal(LeadStage.Recycled, options.FindRejectReason("BAD TIMING")!.Value.Target);
        Assert.Null(options.FindRejectReason("Because"));
        Assert.Empty(Validate(options));
    }

    [Fact]
    public void A_reason_in_both_reject_lists_and_empty_lists_are_refused_naming_the_setting()
    {
        Assert.Contains(
            Validate(new SalesOptions { DisqualifyReasons = "Spam or fake,bad timing" }),
            error => error.Contains("Sales__DisqualifyReasons", StringComparison.Ordinal));
        Assert.Contains(
            Validate(new SalesOptions { LostReasons = " , " }),
            error => error.Contains("Sales__LostReasons is empty", StringComparison.Ordinal));
        Assert.Contains(
            Validate(new SalesOptions { RecycleReasons = string.Empty, DisqualifyReasons = string.Empty }),
            error => error.Contains("a rejection needs at least one reason", StringComparison.Ordinal));
        Assert.Contains(
            Validate(new SalesOptions { LostReasons = new string('x', 61) }),
            error => error.Contains("at most 60 characters", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("", "Handoff__LinkSecret is required")]
    [InlineData("short-secret", "at least 32 characters")]
    [InlineData("a-long-enough-secret-0123456789-abcdef, short", "at least 32 characters")]
    [InlineData(" , ", "Handoff__LinkSecret holds no secret")]
    [InlineData("@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/handoff-link-secret/)", "unresolved Key Vault reference")]
    public void A_weak_or_missing_link_secret_is_refused_without_echoing_it(string secret, string expected)
    {
        var errors = Validate(new HandoffOptions { LinkSecret = secret });

        Assert.Contains(errors, error => error.Contains(expected, StringComparison.Ordinal));
        Assert.DoesNotContain(errors, error => secret.Trim(' ', ',').Length > 0 && error.Contains(secret, StringComparison.Ordinal));
    }

    private static List<string> Validate(object options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(result => result.ErrorMessage ?? string.Empty)];
    }
}
