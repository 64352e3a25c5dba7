using System.Globalization;
using LeadFunctions.Modeling;

namespace LeadFunctions.Core.Tests.Modeling;

public sealed class HeldOutSplitTests
{
    private static readonly string[] LeadIds =
        [.. Enumerable.Range(0, 10_000).Select(n => Guid.CreateVersion7(DateTimeOffset.UnixEpoch.AddMinutes(n)).ToString("N"))];

    [Theory]
    [InlineData(0.2)]
    [InlineData(0.5)]
    public void Holds_out_about_the_asked_share_of_leads(double fraction)
    {
        var heldOut = LeadIds.Count(id => HeldOutSplit.IsHeldOut(id, fraction));

        Assert.InRange(heldOut / (double)LeadIds.Length, fraction - 0.02, fraction + 0.02);
    }

    [Fact]
    public void Holds_out_no_lead_at_zero()
    {
        Assert.DoesNotContain(LeadIds, id => HeldOutSplit.IsHeldOut(id, 0));
    }

    [Fact]
    public void Puts_a_lead_on_the_same_side_every_time_and_the_held_out_leads_of_a_smaller_share_within_a_larger()
    {
        var first = LeadIds.Where(id => HeldOutSplit.IsHeldOut(id, 0.2)).ToArray();
        var second = LeadIds.Where(id => HeldOutSplit.IsHeldOut(id, 0.2)).ToArray();

        Assert.Equal(first, second);
        Assert.All(first, id => Assert.True(HeldOutSplit.IsHeldOut(id, 0.3)));
    }

    [Fact]
    public void Splits_sequential_ids_evenly_too()
    {
        var heldOut = Enumerable.Range(0, 10_000).Count(n => HeldOutSplit.IsHeldOut(n.ToString("x32", CultureInfo.InvariantCulture), 0.2));

        Assert.InRange(heldOut, 1_800, 2_200);
    }
}
