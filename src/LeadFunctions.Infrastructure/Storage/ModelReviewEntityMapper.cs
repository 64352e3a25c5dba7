using System.Text.Json;
using Azure.Data.Tables;
using LeadFunctions.ModelReviews;

namespace LeadFunctions.Infrastructure.Storage;

/// <summary>
/// The rows of the ModelReviews table: one row per review, all in one partition (<see cref="Partition"/>; a review a
/// week is 52 rows a year), keyed by the review id with its digits inverted (<c>2026-W24</c> is <c>7973-W75</c>) so that
/// a query reads them newest first. The row's add is what makes a review once per week (409: it exists).
/// </summary>
internal static class ModelReviewEntityMapper
{
    public const string Partition = "reviews";

    /// <summary>The row key of a review id: each digit d replaced by 9 − d, so later weeks sort first.</summary>
    public static string RowKey(string reviewId) =>
        string.Create(reviewId.Length, reviewId, static (row, id) =>
        {
            for (var i = 0; i < id.Length; i++)
            {
                row[i] = char.IsAsciiDigit(id[i]) ? (char)('9' - id[i] + '0') : id[i];
            }
        });

    public static TableEntity ToEntity(ModelReview review) => new(Partition, RowKey(review.ReviewId))
    {
        ["ReviewId"] = review.ReviewId,
        ["ReviewedAt"] = review.ReviewedAt,
        ["LiveVersion"] = review.LiveVersion,
        ["WindowDays"] = review.WindowDays,
        ["Outcomes"] = review.Outcomes,
        ["Won"] = review.Won,
        ["LiveAuc"] = review.LiveAuc,
        ["PublishedBacktestId"] = review.PublishedBacktestId,
        ["PublishedAuc"] = review.PublishedAuc,
        ["CandidateAuc"] = review.CandidateAuc,
        ["CandidateLiveAuc"] = review.CandidateLiveAuc,
        ["CandidateHeldOut"] = review.CandidateHeldOut,
        ["Verdict"] = review.Verdict.ToString(),
        ["Notes"] = JsonSerializer.Serialize(review.Notes),
        ["EmailRecipient"] = review.Email?.Recipient,
        ["EmailStatus"] = review.Email?.Status.ToString(),
        ["EmailAttempts"] = review.Email?.Attempts,
        ["EmailNextAttemptAt"] = review.Email?.NextAttemptAt,
        ["EmailSentAt"] = review.Email?.SentAt,
    };

    public static ModelReview ToReview(TableEntity entity) => new()
    {
        ReviewId = entity.GetString("ReviewId"),
        ReviewedAt = entity.GetDateTimeOffset("ReviewedAt") ?? DateTimeOffset.MinValue,
        LiveVersion = entity.GetString("LiveVersion"),
        WindowDays = entity.GetInt32("WindowDays") ?? 0,
        Outcomes = entity.GetInt32("Outcomes") ?? 0,
        Won = entity.GetInt32("Won") ?? 0,
        LiveAuc = entity.GetDouble("LiveAuc"),
        PublishedBacktestId = entity.GetString("PublishedBacktestId"),
        PublishedAuc = entity.GetDouble("PublishedAuc"),
        CandidateAuc = entity.GetDouble("CandidateAuc"),
        CandidateLiveAuc = entity.GetDouble("CandidateLiveAuc"),
        CandidateHeldOut = entity.GetInt32("CandidateHeldOut"),
        Verdict = Enum.Parse<ModelReviewVerdict>(entity.GetString("Verdict")),
        Notes = entity.GetString("Notes") is { } notes ? JsonSerializer.Deserialize<string[]>(notes) ?? [] : [],
        Email = entity.GetString("EmailRecipient") is { } recipient
            ? new ModelReviewEmail
            {
                Recipient = recipient,
                Status = Enum.Parse<ModelReviewEmailStatus>(entity.GetString("EmailStatus")),
                Attempts = entity.GetInt32("EmailAttempts") ?? 0,
                NextAttemptAt = entity.GetDateTimeOffset("EmailNextAttemptAt"),
                SentAt = entity.GetDateTimeOffset("EmailSentAt"),
            }
            : null,
        ETag = entity.ETag.ToString(),
    };
}
