using LeadFunctions.Notifications;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LeadFunctions.ModelReviews;

/// <summary>
/// Sends the emails of recorded reviews that are due, through the shared outbox step (<see cref="OutboxStep"/>): a run
/// claims the email (status Sending with a lease, under the review's ETag, so a second run or instance skips it), sends
/// it, and records it as Sent. A failed send is retried with backoff, then Failed, with the hand-off emails' retry
/// settings (<see cref="HandoffOptions.MaxAttempts"/>, <see cref="HandoffOptions.SendLease"/>,
/// <see cref="HandoffOptions.MaxBackoff"/>). The review timer runs it after recording a review; the 15-minute timer runs it
/// too, so a failed email is retried within minutes rather than next week.
/// </summary>
public sealed class ModelReviewEmailDispatcher(
    IModelReviewStore reviews,
    IModelReviewNotifier notifier,
    IOptions<HandoffOptions> options,
    TimeProvider timeProvider,
    ILogger<ModelReviewEmailDispatcher> logger)
{
    /// <summary>The most review emails one run sends (a review is weekly: more than one is due only after an outage).</summary>
    public const int MaxPerRun = 10;

    private readonly OutboxStep _outbox = new("Model review email", timeProvider, logger);

    /// <summary>Sends every due review email; returns how many the relay accepted.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var due = await reviews.GetDueEmailsAsync(timeProvider.GetUtcNow(), MaxPerRun, cancellationToken);
        var sent = 0;
        foreach (var review in due)
        {
            if (await _outbox.RunAsync(Delivery(review, cancellationToken), settings, cancellationToken) == OutboxOutcome.Sent)
            {
                sent++;
            }
        }

        return sent;
    }

    private OutboxDelivery<ModelReview> Delivery(ModelReview review, CancellationToken cancellationToken) => new(
        LeadId: null,
        review.ReviewId,
        TryClaimAsync: async leaseEnd =>
        {
            var email = review.Email ?? throw new ArgumentException("The review has no email.", nameof(review));
            var claim = email with { Status = ModelReviewEmailStatus.Sending, Attempts = email.Attempts + 1, NextAttemptAt = leaseEnd };
            return await reviews.TryUpdateEmailAsync(review with { Email = claim }, cancellationToken);
        },
        AttemptsOf: claimed => claimed.Email!.Attempts,
        SendAsync: async claimed =>
        {
            await notifier.NotifyAsync(claimed, cancellationToken);
            return true;
        },
        TryRecordSentAsync: async (claimed, sentAt) => await reviews.TryUpdateEmailAsync(
            claimed with { Email = claimed.Email! with { Status = ModelReviewEmailStatus.Sent, SentAt = sentAt, NextAttemptAt = null } },
            cancellationToken) is not null,
        RecordFailureAsync: (claimed, _, nextAttemptAt) => reviews.TryUpdateEmailAsync(
            claimed with
            {
                Email = claimed.Email! with
                {
                    Status = nextAttemptAt is null ? ModelReviewEmailStatus.Failed : ModelReviewEmailStatus.Pending,
                    NextAttemptAt = nextAttemptAt,
                },
            },
            cancellationToken));
}
