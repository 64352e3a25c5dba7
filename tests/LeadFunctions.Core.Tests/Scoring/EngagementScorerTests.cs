using LeadFunctions.Engagement;
using LeadFunctions.Scoring;
using static LeadFunctions.Core.Tests.Scoring.TestModels;

namespace LeadFunctions.Core.Tests.Scoring;

public sealed class EngagementScorerTests
{
    [Fact]
    public void Writes_the_same_cap_note_on_every_score()
    {
        // The note is written once per rule and kept: the second score must read the same text.
        var scorer = new EngagementScorer(Model);
        var events = Enumerable.Range(0, 4).Select(i => Event($"p{i}", "Page Viewed", TimeSpan.Zero, ("path", "/pricing"))).ToArray();

        var first = Cap(scorer, events);
        var second = Cap(scorer, events);

        Assert.Equal("cap of 25 points for this rule", first.Note);
        Assert.Equal(first, second);
        Assert.Equal(ScoreContribution.Cap(Model.EngagementRules[0], -15, 25), first);
    }

    [Fact]
    public void Counts_an_event_dated_after_the_scoring_time_with_the_clock_skew_note()
    {
        var scorer = new EngagementScorer(Model);
        var scratch = ScoringScratch.Rent();
        try
        {
            var tally = scorer.Score([Event("late", "Page Viewed", TimeSpan.FromSeconds(-90))], Now, scratch, MachineVerdicts.None);

            Assert.Equal(1, tally.Clamped);
            Assert.Equal(1, tally.ContributionCount);
            Assert.Equal(
                "occurredAt was 90 s after the scoring time (clock skew); clamped to it",
                Assert.Single(tally.ClampNotes!));
        }
        finally
        {
            ScoringScratch.Return(scratch);
        }
    }

    private static ScoreContribution Cap(EngagementScorer scorer, IReadOnlyList<LeadFunctions.Engagement.EngagementEvent> events)
    {
        var scratch = ScoringScratch.Rent();
        try
        {
            scorer.Score(events, Now, scratch, MachineVerdicts.None);
            return Assert.Single(scratch.Contributions, contribution => contribution.Source == "cap");
        }
        finally
        {
            ScoringScratch.Return(scratch);
        }
    }
}
