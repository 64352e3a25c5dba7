using LeadFunctions.ModelReviews;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Email;

/// <summary>
/// Emails a weekly model review to its recipient (<c>Models__ReviewRecipient</c>) through the app's SMTP path
/// (<see cref="SmtpRelay"/>), composed by <see cref="ModelReviewEmailComposer"/>. Returns once the relay accepted it;
/// any failure is thrown to the <see cref="ModelReviewEmailDispatcher"/>, which keeps the email pending and retries it.
/// Logs the review id and the kind of error, never the address.
/// </summary>
public sealed partial class SmtpModelReviewNotifier(
    IOptions<SmtpOptions> smtpOptions,
    ModelReviewEmailComposer composer,
    ILogger<SmtpModelReviewNotifier> logger) : IModelReviewNotifier
{
    public async Task NotifyAsync(ModelReview review, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(review);
        var email = await composer.ComposeAsync(review, cancellationToken);
        try
        {
            await SmtpRelay.SendAsync(smtpOptions.Value, email, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogNotAccepted(logger, review.ReviewId, SmtpRelay.ErrorKind(exception));
            throw;
        }

        LogAccepted(logger, review.ReviewId, review.LiveVersion);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Model review email {ReviewId} ({LiveVersion}) accepted by the SMTP relay")]
    private static partial void LogAccepted(ILogger logger, string reviewId, string liveVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model review email {ReviewId} not accepted by the SMTP relay: {ErrorKind}")]
    private static partial void LogNotAccepted(ILogger logger, string reviewId, string errorKind);
}
