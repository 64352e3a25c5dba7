using LeadFunctions.Scoring;

namespace LeadFunctions.Core.Tests.Scoring;

public sealed class ScoringScratchTests
{
    [Fact]
    public void A_returned_scratch_is_rented_again_empty()
    {
        var scratch = ScoringScratch.Rent();
        scratch.EventIds.Add("e1");
        scratch.RepeatValues(0).Add("campaign-1");
        scratch.Contributions.Add(default);

        ScoringScratch.Return(scratch);
        var again = ScoringScratch.Rent();

        Assert.Same(scratch, again);
        Assert.Empty(again.EventIds);
        Assert.Empty(again.RepeatValues(0));
        Assert.Empty(again.Contributions);
        ScoringScratch.Return(again);
    }

    [Fact]
    public void A_scoring_inside_a_scoring_gets_its_own_scratch()
    {
        var outer = ScoringScratch.Rent();
        var inner = ScoringScratch.Rent();

        Assert.NotSame(outer, inner);
        ScoringScratch.Return(inner);
        ScoringScratch.Return(outer);
    }

    [Fact]
    public void A_scratch_grown_by_a_large_lead_is_let_go()
    {
        var scratch = ScoringScratch.Rent();
        for (var i = 0; i <= ScoringScratch.MaxKeptEntries; i++)
        {
            scratch.RepeatValues(1).Add("value-" + i);
        }

        ScoringScratch.Return(scratch);
        var next = ScoringScratch.Rent();

        Assert.NotSame(scratch, next);
        ScoringScratch.Return(next);
    }

    [Fact]
    public void Keeps_repeat_values_per_rule_slot_compared_ordinally()
    {
        var scratch = ScoringScratch.Rent();

        Assert.True(scratch.RepeatValues(0).Add("campaign-1"));
        Assert.False(scratch.RepeatValues(0).Add("campaign-1"));
        Assert.True(scratch.RepeatValues(0).Add("Campaign-1"));
        Assert.True(scratch.RepeatValues(5).Add("campaign-1"));
        Assert.Same(scratch.RepeatValues(5), scratch.RepeatValues(5));
        ScoringScratch.Return(scratch);
    }
}
