using LeadFunctions.Sales;
using LeadFunctions.Validation;

namespace LeadFunctions.Core.Tests.Validation;

public sealed class SalesActionRulesTests
{
    private static readonly SalesOptions Reasons = new();

    [Theory]
    [InlineData(SalesActionKind.Reject, "bad timing", "Bad timing")]
    [InlineData(SalesActionKind.Reject, " Spam or fake ", "Spam or fake")]
    [InlineData(SalesActionKind.Lost, "price", "Price")]
    [InlineData(SalesActionKind.Recycle, null, null)]
    [InlineData(SalesActionKind.Recycle, "No response", "No response")]
    [InlineData(SalesActionKind.Won, "Signed the annual plan", "Signed the annual plan")]
    [InlineData(SalesActionKind.Accept, "", null)]
    [InlineData(SalesActionKind.Disqualify, "competitor", "Competitor")]
    public void A_known_reason_is_taken_as_configured(SalesActionKind kind, string? reason, string? expected)
    {
        var (errors, canonical) = SalesActionRules.Validate(kind, reason, note: null, Reasons);

        Assert.Empty(errors);
        Assert.Equal(expected, canonical);
    }

    [Theory]
    [InlineData(
        SalesActionKind.Reject,
        null,
        "is required: a reject reason; one of: No budget, Bad timing, No response, Not a fit, Duplicate, Competitor, Spam or fake.")]
    [InlineData(SalesActionKind.Reject, "Because", "is not a reject reason")]
    [InlineData(SalesActionKind.Lost, null, "is required: a lost reason")]
    [InlineData(SalesActionKind.Lost, "Bad vibes", "is not a lost reason")]
    [InlineData(SalesActionKind.Recycle, "Spam or fake", "is not a recycle reason")]
    [InlineData(SalesActionKind.Accept, "Great lead", "is not used with accepted")]
    [InlineData(SalesActionKind.Won, "line one\nline two", "must be one line")]
    [InlineData(SalesActionKind.Disqualify, "Bad timing", "is not a disqualify reason")]
    public void A_missing_or_unknown_reason_is_named(SalesActionKind kind, string? reason, string expected)
    {
        var (errors, canonical) = SalesActionRules.Validate(kind, reason, note: null, Reasons);

        var error = Assert.Single(errors);
        Assert.Equal("reason", error.Field);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Null(canonical);
    }

    [Fact]
    public void A_note_holds_up_to_a_thousand_characters_of_text()
    {
        Assert.Empty(SalesActionRules.Validate(SalesActionKind.Accept, null, new string('n', 1_000) , Reasons).Errors);
        Assert.Empty(SalesActionRules.Validate(SalesActionKind.Accept, null, "Called twice.\r\nNo answer.\tRetry Monday.", Reasons).Errors);
        Assert.Equal(
            "note",
            Assert.Single(SalesActionRules.Validate(SalesActionKind.Accept, null, new string('n', 1_001), Reasons).Errors).Field);
        Assert.Equal(
            "note",
            Assert.Single(SalesActionRules.Validate(SalesActionKind.Accept, null, new string('n', 10_000_000), Reasons).Errors).Field);
        Assert.Equal("note", Assert.Single(SalesActionRules.Validate(SalesActionKind.Accept, null, "bell\u0007", Reasons).Errors).Field);
    }
}
