using System.Globalization;
using LeadFunctions.Engagement;
using LeadFunctions.Leads;
using LeadFunctions.Qualification;
using LeadFunctions.Scoring;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.Modeling;

/// <summary>
/// <c>POST /api/models/suggestions</c>'s work: reads the leads with a known outcome (<see cref="KnownOutcomes"/>), scores
/// each with the live model as of its outcome time, from its profile and the events it had by then, and fits the
/// rules' points to the outcomes (<see cref="PointsSuggester"/>). Reads only; never changes a lead or the live model.
/// </summary>
public sealed partial class PointsSuggestionService(
    ILeadScoreStore scores,
    KnownOutcomes known,
    LeadScorer scorer,
    TimeProvider timeProvider,
    ILogger<PointsSuggestionService> logger)
{
    /// <summary>Leads read from the store at once.</summary>
    public const int ReadParallelism = 8;

    public async Task<SuggestionResult> SuggestAsync(SuggestionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var started = timeProvider.GetTimestamp();
        var (outcomes, found) = await known.ReadMostRecentAsync(KnownOutcomes.MaxRecentLeads, cancellationToken);

        // One model for the whole suggestion, even if another is published meanwhile.
        var live = new LeadScorer(scorer.Model, timeProvider);
        var activations = new RuleActivations(live.Model);
        var scored = new ScoredOutcome?[outcomes.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, outcomes.Count),
            new ParallelOptions { MaxDegreeOfParallelism = ReadParallelism, CancellationToken = cancellationToken },
            async (i, token) => scored[i] = await ScoreAsync(outcomes[i], live, activations, token));

        var result = PointsSuggester.Suggest(live.Model, [.. scored.OfType<ScoredOutcome>()], options);
        var elapsed = timeProvider.GetElapsedTime(started).TotalMilliseconds;
        if (result.Suggestion is not { } suggestion)
        {
            LogRefused(logger, found, elapsed);
            return result;
        }

        LogSuggested(logger, suggestion.Fit.Won, suggestion.Fit.NotWon, suggestion.Fit.HeldOut, suggestion.Fit.Auc ?? double.NaN, elapsed);
        return found <= outcomes.Count ? result : result with
        {
            Suggestion = suggestion with { Warnings = [.. suggestion.Warnings, CappedWarning(found, outcomes.Count)] },
        };
    }

    /// <summary>The lead scored as of its outcome: its events after that are not counted; null when it was erased meanwhile.</summary>
    private async Task<ScoredOutcome?> ScoreAsync(
        RecordedOutcome outcome, LeadScorer live, RuleActivations activations, CancellationToken cancellationToken) =>
        await scores.GetScoringStateAsync(outcome.LeadId, cancellationToken) is { } state
            ? OutcomeEvidence.Of(live, activations, new KnownOutcome(state, outcome.Stage, outcome.At))
            : null;

    private static string CappedWarning(int found, int used) => string.Create(
        CultureInfo.InvariantCulture,
        $"{found} leads have a known outcome; the fit read the {used} most recent (a fixed limit of {KnownOutcomes.MaxRecentLeads}).");

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Points suggested from {Won} won and {NotWon} other leads ({HeldOut} held out); held-out AUC {Auc}; {ElapsedMs} ms")]
    private static partial void LogSuggested(ILogger logger, int won, int notWon, int heldOut, double auc, double elapsedMs);

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "No points suggested: too few outcomes ({Found} leads with a known outcome); {ElapsedMs} ms")]
    private static partial void LogRefused(ILogger logger, int found, double elapsedMs);
}
