using LeadFunctions.Leads;
using LeadFunctions.Modeling;
using LeadFunctions.Scoring;

namespace LeadFunctions.Backtesting;

/// <summary>
/// What one model said of one lead at one time: its total score, grade, and whether it put the lead at SQL. Scored
/// as a new lead (no standing): the model's own stage from the scores, not the stage sales gave the lead since.
/// </summary>
internal readonly record struct LeadVerdict(decimal TotalScore, string Grade, bool ReachedSql)
{
    public static LeadVerdict Of(LeadScorer scorer, KnownOutcome outcome, DateTimeOffset asOf)
    {
        var score = scorer.Score(outcome.Profile, outcome.Attribution, outcome.EventsUntil(asOf), LeadStanding.New, asOf);
        return new(score.TotalScore, score.Grade, score.Stage is LeadStage.SQL or LeadStage.SAL or LeadStage.Won);
    }

    public void AddTo(OutcomeTally tally, bool won) => tally.Add(TotalScore, Grade, ReachedSql, won);
}
