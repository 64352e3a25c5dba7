using System.Globalization;
using System.Text;
using LeadFunctions.Email.Templates;
using LeadFunctions.Html;
using LeadFunctions.ModelReviews;

namespace LeadFunctions.Email;

/// <summary>
/// Writes the email of a weekly model review: what it found, the figures (the live AUC now and when it was published,
/// the candidate's on the held-out leads, the outcomes and the window), what to do next, and the link to the models
/// page (<see cref="NotificationOptions.PublicBaseUrl"/> and <see cref="ApiRoutes.ModelVersions"/> as HTML). Pure: the
/// same review gives the same email, with a Message-ID derived from the review id, so a repeat after a crash is
/// recognisable. The HTML part is a Razor component (Templates/ReviewEmail.razor); every value is encoded.
/// </summary>
public sealed class ModelReviewEmailComposer
{
    /// <summary>The header that names the review (its id).</summary>
    public const string ReviewHeader = "X-LeadFunctions-Review";

    /// <summary>What AUC means, said under the figures for readers who do not use the word daily.</summary>
    public const string AucNote = "AUC: the chance that a won lead scores above a lead that was not won (1 is perfect, 0.5 a coin toss).";

    /// <summary>What the link opens, as its text says.</summary>
    public const string PageLine = "Open the models page";

    /// <summary>The page is behind a function key, which an email must never carry.</summary>
    public const string KeyNote = "The page needs a function key: add &code=<key> to the link (the key is never in an email).";

    private readonly string? _pageLink;
    private readonly HtmlTemplates _templates;

    public ModelReviewEmailComposer(NotificationOptions options, HtmlTemplates templates)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(templates);
        _templates = templates;
        var baseUrl = options.PublicBaseUrl.EndsWith('/') ? options.PublicBaseUrl : options.PublicBaseUrl + "/";
        _pageLink = options.PublicBaseUrl.Length == 0 ? null : baseUrl + ApiRoutes.ModelVersions + "?format=html";
    }

    /// <summary>The models page the email links to; null when no public base URL is set.</summary>
    public string? PageLink => _pageLink;

    /// <summary><c>&lt;review.{reviewId}@leadfunctions&gt;</c>: the same for every send of one review's email.</summary>
    public static string MessageIdFor(ModelReview review)
    {
        ArgumentNullException.ThrowIfNull(review);
        return ModelReviewId.IsValid(review.ReviewId)
            ? $"<review.{review.ReviewId}@leadfunctions>"
            : throw new ArgumentException("The review id is not a review id.", nameof(review));
    }

    /// <summary>"Model review 2026-W24: v3 has drifted" and the like, by verdict.</summary>
    public static string SubjectFor(ModelReview review)
    {
        ArgumentNullException.ThrowIfNull(review);
        var version = Version(review);
        return $"Model review {review.ReviewId}: " + review.Verdict switch
        {
            ModelReviewVerdict.Drift => $"the live model {version} has drifted",
            ModelReviewVerdict.BetterCandidate => $"a candidate ranks leads better than {version}",
            ModelReviewVerdict.DriftAndBetterCandidate => $"{version} has drifted and a better candidate is ready",
            ModelReviewVerdict.TooFewOutcomes => $"too few outcomes to judge {version}",
            _ => $"{version} is steady",
        };
    }

    internal async Task<OutgoingEmail> ComposeAsync(ModelReview review, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(review);
        var recipient = review.Email?.Recipient ?? throw new ArgumentException("The review has no email.", nameof(review));
        var body = BodyOf(review);
        var html = await _templates.RenderAsync<ReviewEmail>(
            new Dictionary<string, object?> { [nameof(ReviewEmail.Body)] = body }, cancellationToken);
        return new OutgoingEmail(recipient, body.Subject, PlainText(body), html, MessageIdFor(review), ReviewHeader, review.ReviewId);
    }

    /// <summary>What the email says of <paramref name="review"/>.</summary>
    public ReviewEmailBody BodyOf(ModelReview review)
    {
        ArgumentNullException.ThrowIfNull(review);
        return new ReviewEmailBody(
            SubjectFor(review),
            Findings(review),
            Figures(review),
            [.. review.Notes.Select(note => MailText.OneLine(note, 500)).OfType<string>()],
            _pageLink,
            [
                "Fit a candidate to the outcomes: POST /api/models/suggestions.",
                "Backtest it against the live model: POST /api/models/backtests.",
                "Store and publish it on that backtest: POST /api/models/versions, then POST /api/models/versions/{version}/publish.",
            ]);
    }

    internal static string PlainText(ReviewEmailBody body)
    {
        var text = new StringBuilder();
        text.Append(body.Subject).Append("\n\n");
        foreach (var finding in body.Findings)
        {
            text.Append(finding).Append('\n');
        }

        text.Append("\nFigures\n");
        var width = body.Figures.Max(fact => fact.Label.Length) + 2;
        foreach (var fact in body.Figures)
        {
            text.Append("  ").Append((fact.Label + ":").PadRight(width)).Append(fact.Value).Append('\n');
        }

        text.Append("  ").Append(AucNote).Append('\n');

        if (body.Notes.Count > 0)
        {
            text.Append("\nNotes\n");
            foreach (var note in body.Notes)
            {
                text.Append("  - ").Append(note).Append('\n');
            }
        }

        text.Append("\nNext steps\n");
        foreach (var step in body.NextSteps)
        {
            text.Append("  - ").Append(step).Append('\n');
        }

        if (body.PageLink is { } link)
        {
            text.Append('\n').Append(PageLine).Append(": ").Append(link).Append('\n').Append(KeyNote).Append('\n');
        }

        return text.ToString();
    }

    private static List<string> Findings(ModelReview review)
    {
        var findings = new List<string>();
        var version = Version(review);
        if (review.Verdict is ModelReviewVerdict.Drift or ModelReviewVerdict.DriftAndBetterCandidate)
        {
            findings.Add($"The live model {version} ranks recent leads worse than when it was published: its AUC at outcome "
                + $"time fell from {Auc(review.PublishedAuc)} to {Auc(review.LiveAuc)} ({Signed(-review.AucDrop)}; drift is a fall of "
                + Invariant($"{ModelReviewDecision.DriftMargin} or more)."));
        }

        if (review.Verdict is ModelReviewVerdict.BetterCandidate or ModelReviewVerdict.DriftAndBetterCandidate)
        {
            findings.Add($"Points fitted to the same outcomes rank the leads held out of the fit better than {version}: AUC "
                + $"{Auc(review.CandidateAuc)} against {Auc(review.CandidateLiveAuc)} ({Signed(review.CandidateGain)}; worth a look from "
                + Invariant($"+{ModelReviewDecision.CandidateMargin})."));
        }

        if (findings.Count == 0)
        {
            findings.Add(review.Verdict == ModelReviewVerdict.TooFewOutcomes
                ? "Too few outcomes were recorded to judge the model."
                : "Neither drift nor a better candidate.");
        }

        return findings;
    }

    private static List<EmailFact> Figures(ModelReview review)
    {
        var from = review.ReviewedAt.AddDays(-review.WindowDays);
        return
        [
            new("Live version", Version(review)),
            new("Outcomes", Invariant($"{review.Outcomes} recorded in the last {review.WindowDays} days ({review.Won} won), ")
                + $"{Day(from)} to {Day(review.ReviewedAt)}"),
            new("Live AUC now", Auc(review.LiveAuc) + " (each lead scored as of its outcome)"),
            new("Live AUC when published", review.PublishedAuc is null
                ? "not known (published without a backtest)"
                : Invariant($"{Auc(review.PublishedAuc)} (backtest {review.PublishedBacktestId}); now {Signed(-review.AucDrop)}")),
            new("Candidate AUC", review.CandidateAuc is null
                ? "no candidate"
                : Invariant($"{Auc(review.CandidateAuc)} on {review.CandidateHeldOut} held-out leads; live {
                    Auc(review.CandidateLiveAuc)} on the same leads ({Signed(review.CandidateGain)})")),
        ];
    }

    private static string Version(ModelReview review) => MailText.OneLine(review.LiveVersion, 100) ?? "?";

    private static string Auc(double? auc) => auc?.ToString("0.0000", CultureInfo.InvariantCulture) ?? "not measured";

    private static string Signed(double? value) =>
        value?.ToString("+0.0000;-0.0000;0.0000", CultureInfo.InvariantCulture) ?? "not measured";

    private static string Day(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
