using LeadFunctions.ModelReviews;

namespace LeadFunctions.Email.Tests;

public sealed class ModelReviewEmailComposerTests
{
    private const string PageLink = "http://localhost:7071/api/models/versions?format=html";

    [Fact]
    public async Task A_drift_email_shows_the_figures_and_links_to_the_models_page_in_both_parts()
    {
        var email = await TestReviews.Composer().ComposeAsync(TestReviews.Drift());

        Assert.Equal("marketing-ops@example.com", email.Recipient);
        Assert.Equal("Model review 2026-W24: the live model b2b-saas-2026.11.1 has drifted", email.Subject);
        Assert.Equal("<review.2026-W24@leadfunctions>", email.MessageId);
        Assert.Equal(("X-LeadFunctions-Review", "2026-W24"), (email.ReferenceHeader, email.Reference));
        foreach (var part in new[] { email.PlainText, email.Html })
        {
            Assert.Contains("its AUC at outcome time fell from 0.8000 to 0.7123 (-0.0877; drift is a fall of 0.05 or more)", part, StringComparison.Ordinal);
            Assert.Contains("420 recorded in the last 90 days (80 won), 2026-03-10 to 2026-06-08", part, StringComparison.Ordinal);
            Assert.Contains("0.8000 (backtest 3f9c0123456789abcdef0123456789ab); now -0.0877", part, StringComparison.Ordinal);
            Assert.Contains("0.7301 on 84 held-out leads; live 0.7102 on the same leads (+0.0199)", part, StringComparison.Ordinal);
            Assert.Contains(PageLink, part, StringComparison.Ordinal);
            Assert.Contains(ModelReviewEmailComposer.AucNote, part, StringComparison.Ordinal);
            Assert.DoesNotContain("better than", part, StringComparison.Ordinal);
        }

        Assert.Contains($"href=\"{PageLink}\"", email.Html, StringComparison.Ordinal);
        Assert.Contains("Open the models page: " + PageLink, email.PlainText, StringComparison.Ordinal);
        Assert.StartsWith("<!DOCTYPE html>", email.Html, StringComparison.Ordinal);
        Assert.Contains("<title>Model review 2026-W24: the live model b2b-saas-2026.11.1 has drifted</title>", email.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_better_candidate_is_said_with_its_gain_on_the_held_out_leads()
    {
        var review = TestReviews.Drift() with { Verdict = ModelReviewVerdict.BetterCandidate, PublishedAuc = null, CandidateAuc = 0.7702 };

        var email = await TestReviews.Composer().ComposeAsync(review);

        Assert.Equal("Model review 2026-W24: a candidate ranks leads better than b2b-saas-2026.11.1", email.Subject);
        Assert.Contains(
            "rank the leads held out of the fit better than b2b-saas-2026.11.1: AUC 0.7702 against 0.7102 (+0.0600; worth a look from +0.03)",
            email.PlainText,
            StringComparison.Ordinal);
        Assert.Contains("Live AUC when published: not known (published without a backtest)", email.PlainText, StringComparison.Ordinal);
        Assert.DoesNotContain("drifted", email.PlainText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_value_is_encoded_in_the_html_part_and_one_line_in_the_text()
    {
        var review = TestReviews.Drift() with { Notes = ["No candidate: <script>alert(1)</script>\r\nBcc: x@example.org"] };

        var email = await TestReviews.Composer().ComposeAsync(review);

        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", email.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", email.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("  - No candidate: <script>alert(1)</script> Bcc: x@example.org\n", email.PlainText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_public_base_url_the_email_has_no_link()
    {
        var email = await TestReviews.Composer(publicBaseUrl: string.Empty).ComposeAsync(TestReviews.Drift());

        Assert.Null(TestReviews.Composer(string.Empty).PageLink);
        Assert.DoesNotContain("models/versions?format=html", email.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(ModelReviewEmailComposer.PageLine, email.PlainText, StringComparison.Ordinal);
    }

    [Fact]
    public void The_message_id_is_the_review_ids_and_only_a_review_id_makes_one()
    {
        Assert.Equal(
            ModelReviewEmailComposer.MessageIdFor(TestReviews.Drift()),
            ModelReviewEmailComposer.MessageIdFor(TestReviews.Drift() with { ReviewedAt = TestReviews.ReviewedAt.AddDays(1) }));
        Assert.Throws<ArgumentException>(() => ModelReviewEmailComposer.MessageIdFor(TestReviews.Drift("2026-W24>\r\nBcc: x")));
    }
}
