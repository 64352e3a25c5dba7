using System.Globalization;
using LeadFunctions.Backtesting;
using LeadFunctions.Leads;
using LeadFunctions.Modeling;
using LeadFunctions.ModelVersions;
using LeadFunctions.Qualification;
using LeadFunctions.Scoring;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LeadFunctions.ModelReviews;

/// <summary>
/// The weekly review of the live model (the review timer's work). Reads the outcomes recorded in the last
/// <see cref="ModelVersionOptions.ReviewWindowDays"/> (<see cref="KnownOutcomes"/>), scores each lead with the live model
/// as of its outcome time (its events until then, as a new lead: as the backtest does), and measures the live model's AUC
/// on them; compares it with the AUC of the backtest the live version was published on; fits a points suggestion to the
/// same outcomes (<see cref="PointsSuggester"/>) and takes the candidate's AUC on the leads held out of the fit. The
/// verdict is <see cref="ModelReviewDecision"/>'s. The review is recorded once per week (<see cref="ModelReviewId"/>; the
/// store refuses a second one), so a second run, a manual trigger or another instance records and sends nothing; a
/// verdict worth an email records the email as due, and <see cref="ModelReviewEmailDispatcher"/> sends it.
/// Reads leads; never changes one or the live model.
/// </summary>
public sealed partial class ModelReviewService(
    IModelReviewStore reviews,
    IModelRegistry registry,
    IBacktestStore backtests,
    KnownOutcomes known,
    ILeadScoreStore scores,
    LeadScorer scorer,
    ModelReviewEmailDispatcher emails,
    IOptions<ModelVersionOptions> options,
    TimeProvider timeProvider,
    ILogger<ModelReviewService> logger)
{
    /// <summary>Leads read from the store at once.</summary>
    private const int ReadParallelism = 8;

    /// <summary>Records this week's review unless one is recorded, then sends the review emails that are due.</summary>
    public async Task<ModelReviewRunResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        var reviewId = ModelReviewId.For(now);
        ModelReview? recorded = null;
        if (await reviews.GetAsync(reviewId, cancellationToken) is not null)
        {
            LogAlreadyReviewed(logger, reviewId);
        }
        else
        {
            var review = await ReviewAsync(reviewId, now, cancellationToken);
            recorded = await reviews.TryCreateAsync(review, cancellationToken);
            if (recorded is null)
            {
                LogAlreadyReviewed(logger, reviewId);
            }
            else
            {
                LogReviewed(
                    logger, reviewId, review.LiveVersion, review.Verdict, review.Outcomes,
                    review.LiveAuc ?? double.NaN, review.PublishedAuc ?? double.NaN, review.CandidateAuc ?? double.NaN);
            }
        }

        var sent = await emails.DispatchDueAsync(cancellationToken);
        return new ModelReviewRunResult(reviewId, recorded, sent);
    }

    /// <summary>The review of the live model as of <paramref name="now"/>, under <paramref name="reviewId"/>; writes nothing.</summary>
    public async Task<ModelReview> ReviewAsync(string reviewId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reviewId);
        var settings = options.Value;
        var model = scorer.Model; // one model for the whole review, even if a publish lands meanwhile
        var notes = new List<string>();
        var scored = await ScoreWindowAsync(model, now - settings.ReviewWindow, now, notes, cancellationToken);
        double? liveAuc = Round(AreaUnderCurve.Compute([.. scored.Select(o => (double)o.LiveScore)], [.. scored.Select(o => o.Won)]));
        var (backtestId, publishedAuc) = await PublishedAsync(model.Version, notes, cancellationToken);

        SuggestionFit? fit = null;
        if (scored.Count < ModelReviewDecision.MinOutcomes || liveAuc is null)
        {
            notes.Add(Invariant($"{scored.Count} outcomes ({scored.Count(o => o.Won)} won) were recorded in the last {
                settings.ReviewWindowDays} days: a review needs at least {ModelReviewDecision.MinOutcomes}, won and not won."));
        }
        else
        {
            var suggestion = PointsSuggester.Suggest(model, scored, new SuggestionOptions());
            fit = suggestion.Suggestion?.Fit;
            if (suggestion.Refusal is { } refusal)
            {
                notes.Add("No candidate: " + refusal);
            }
        }

        var verdict = ModelReviewDecision.Decide(scored.Count, liveAuc, publishedAuc, Round(fit?.Auc), Round(fit?.LiveAuc));
        return new ModelReview
        {
            ReviewId = reviewId,
            ReviewedAt = now,
            LiveVersion = model.Version,
            WindowDays = settings.ReviewWindowDays,
            Outcomes = scored.Count,
            Won = scored.Count(o => o.Won),
            LiveAuc = liveAuc,
            PublishedBacktestId = backtestId,
            PublishedAuc = publishedAuc,
            CandidateAuc = Round(fit?.Auc),
            CandidateLiveAuc = Round(fit?.LiveAuc),
            CandidateHeldOut = fit?.HeldOut,
            Verdict = verdict,
            Notes = notes,
            Email = EmailFor(verdict, settings, now, notes),
        };
    }

    /// <summary>
    /// The outcomes recorded from <paramref name="from"/> to <paramref name="to"/>, each scored by <paramref name="model"/>
    /// as of its outcome time (a lead erased meanwhile is left out), in lead-id order.
    /// </summary>
    private async Task<List<ScoredOutcome>> ScoreWindowAsync(
        ScoringModel model, DateTimeOffset from, DateTimeOffset to, List<string> notes, CancellationToken cancellationToken)
    {
        var (recent, found) = await known.ReadMostRecentAsync(KnownOutcomes.MaxRecentLeads, cancellationToken);
        var window = recent.Where(outcome => outcome.At >= from && outcome.At <= to).ToArray();
        if (found > recent.Count && window.Length == recent.Count)
        {
            notes.Add(Invariant($"The window holds more than {KnownOutcomes.MaxRecentLeads} outcomes; the review read the most recent {
                recent.Count} (a fixed limit)."));
        }

        var fixedScorer = new LeadScorer(model, timeProvider);
        var activations = new RuleActivations(model);
        var scored = new ScoredOutcome?[window.Length];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, window.Length),
            new ParallelOptions { MaxDegreeOfParallelism = ReadParallelism, CancellationToken = cancellationToken },
            async (i, token) => scored[i] = await ScoreAsync(window[i], fixedScorer, activations, token));
        return [.. scored.OfType<ScoredOutcome>()];
    }

    /// <summary>The lead as the model scored it as of its outcome, from the events it had by then; null when it was erased.</summary>
    private async Task<ScoredOutcome?> ScoreAsync(
        RecordedOutcome outcome, LeadScorer modelScorer, RuleActivations activations, CancellationToken cancellationToken)
    {
        if (await scores.GetScoringStateAsync(outcome.LeadId, cancellationToken) is not { } state)
        {
            return null;
        }

        var events = KnownOutcome.Of(state, outcome.Stage, outcome.At).EventsUntil(outcome.At);
        var score = modelScorer.Score(state.Lead.Profile, events, LeadStanding.New, outcome.At);
        return new ScoredOutcome(outcome.LeadId, outcome.Won, activations.Read(score), score.TotalScore);
    }

    /// <summary>
    /// The backtest <paramref name="version"/> was (last) published on and its AUC at outcome time there (the version was
    /// that backtest's candidate); nulls, with a note saying why, when there is none.
    /// </summary>
    private async Task<(string? BacktestId, double? Auc)> PublishedAsync(
        string version, List<string> notes, CancellationToken cancellationToken)
    {
        var stored = await registry.GetAsync(version, cancellationToken);
        if (stored?.BacktestId is not { } backtestId)
        {
            notes.Add($"{version} was put live without a backtest (the first version, a rollback or a forced publish): "
                + "drift is not judged.");
            return (null, null);
        }

        var job = await backtests.GetJobAsync(backtestId, cancellationToken);
        if (job is not { Results: { } results } || job.CandidateModelVersion != version || results.Candidate.AtOutcome.Auc is not { } auc)
        {
            notes.Add($"Backtest {backtestId}, which {version} was published on, has no AUC of it: drift is not judged.");
            return (backtestId, null);
        }

        return (backtestId, auc);
    }

    private static ModelReviewEmail? EmailFor(
        ModelReviewVerdict verdict, ModelVersionOptions settings, DateTimeOffset now, List<string> notes)
    {
        if (!ModelReviewDecision.NeedsEmail(verdict))
        {
            return null;
        }

        if (settings.ReviewRecipient.Length == 0)
        {
            notes.Add("No email: Models__ReviewRecipient is not set.");
            return null;
        }

        return new ModelReviewEmail { Recipient = settings.ReviewRecipient, NextAttemptAt = now };
    }

    private static double? Round(double? auc) => auc is { } value ? ModelReviewDecision.Round(value) : null;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Model review {ReviewId} of {LiveVersion}: {Verdict} from {Outcomes} outcomes; live AUC {LiveAuc}, "
            + "published {PublishedAuc}, candidate {CandidateAuc}")]
    private static partial void LogReviewed(
        ILogger logger, string reviewId, string liveVersion, ModelReviewVerdict verdict, int outcomes,
        double liveAuc, double publishedAuc, double candidateAuc);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model review {ReviewId} was recorded before; nothing new recorded")]
    private static partial void LogAlreadyReviewed(ILogger logger, string reviewId);
}
