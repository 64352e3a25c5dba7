using System.Net.Mail;
using LeadFunctions.Testing;
using LeadFunctions.Testing.Maildev;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Email.Tests.Smtp;

/// <summary>The review notifier against a real maildev: one multipart email with its own headers, and logs without the inbox.</summary>
[Collection(MaildevCollection.Name)]
public sealed class SmtpModelReviewNotifierTests(MaildevFixture maildev)
{
    [Fact]
    public async Task A_review_is_one_multipart_email_to_the_review_inbox_named_by_its_headers()
    {
        var reviewId = "20" + Random.Shared.Next(10, 99) + "-W" + Random.Shared.Next(10, 53); // its own id in the shared maildev
        var logger = new ListLogger<SmtpModelReviewNotifier>();
        var notifier = new SmtpModelReviewNotifier(
            Options.Create(new SmtpOptions { Host = "127.0.0.1", Port = maildev.SmtpPort, EnableSsl = false, FromAddress = "leads@example.com" }),
            TestReviews.Composer(),
            logger);

        await notifier.NotifyAsync(TestReviews.Drift(reviewId));

        var email = Assert.Single(
            await maildev.WaitForEmailsAsync(1, TimeSpan.FromSeconds(10)),
            received => received.Headers.GetValueOrDefault("x-leadfunctions-review") == reviewId);
        Assert.Equal(["marketing-ops@example.com"], email.To);
        Assert.Equal($"<review.{reviewId}@leadfunctions>", email.MessageId);
        Assert.Equal("auto-generated", email.Headers["auto-submitted"]);
        Assert.Contains("Live AUC now:", email.Text, StringComparison.Ordinal);
        Assert.Contains("0.7123", email.Html, StringComparison.Ordinal);
        var line = Assert.Single(logger.Lines);
        Assert.Contains(reviewId, line, StringComparison.Ordinal);
        Assert.DoesNotContain("example.com", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_relay_that_is_down_fails_the_send_and_logs_the_kind_of_error_only()
    {
        var logger = new ListLogger<SmtpModelReviewNotifier>();
        var notifier = new SmtpModelReviewNotifier(
            Options.Create(new SmtpOptions { Host = "127.0.0.1", Port = FreePorts.Pick(1)[0], EnableSsl = false, FromAddress = "leads@example.com" }),
            TestReviews.Composer(),
            logger);

        await Assert.ThrowsAsync<SmtpException>(() => notifier.NotifyAsync(TestReviews.Drift()));

        var line = Assert.Single(logger.Lines);
        Assert.StartsWith(
            "Warning: Model review email 2026-W24 not accepted by the SMTP relay: Socket:ConnectionRefused", line, StringComparison.Ordinal);
        Assert.DoesNotContain("marketing-ops", line, StringComparison.Ordinal);
    }
}
