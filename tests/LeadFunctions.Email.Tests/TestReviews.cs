using LeadFunctions.ModelReviews;

namespace LeadFunctions.Email.Tests;

/// <summary>Weekly model reviews as the review records them, for the review email's tests.</summary>
internal static class TestReviews
{
    public static readonly DateTimeOffset ReviewedAt = new(2026, 6, 8, 6, 0, 0, TimeSpan.Zero);

    public static ModelReviewEmailComposer Composer(string publicBaseUrl = "http://localhost:7071/api/") =>
        new(new NotificationOptions { DefaultRecipient = "sales@example.com", PublicBaseUrl = publicBaseUrl }, TestLeads.Templates);

    /// <summary>A review that found drift: live 0.7123 now, 0.8 in the backtest it was published on.</summary>
    public static ModelReview Drift(string reviewId = "2026-W24") => new()
    {
        ReviewId = reviewId,
        ReviewedAt = ReviewedAt,
        LiveVersion = "b2b-saas-2026.11.1",
        WindowDays = 90,
        Outcomes = 420,
        Won = 80,
        LiveAuc = 0.7123,
        PublishedBacktestId = "3f9c0123456789abcdef0123456789ab",
        PublishedAuc = 0.8,
        CandidateAuc = 0.7301,
        CandidateLiveAuc = 0.7102,
        CandidateHeldOut = 84,
        Verdict = ModelReviewVerdict.Drift,
        Notes = [],
        Email = new ModelReviewEmail { Recipient = "marketing-ops@example.com", NextAttemptAt = ReviewedAt },
    };
}
