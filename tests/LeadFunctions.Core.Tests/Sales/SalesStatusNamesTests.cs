using LeadFunctions.Sales;

namespace LeadFunctions.Core.Tests.Sales;

public sealed class SalesStatusNamesTests
{
    [Fact]
    public void Every_action_has_one_status_word_that_reads_back_as_that_action()
    {
        var kinds = Enum.GetValues<SalesActionKind>();

        Assert.Equal(kinds.Length, SalesStatusNames.All.Count);
        foreach (var kind in kinds)
        {
            Assert.Equal(kind, SalesStatusNames.Parse(SalesStatusNames.Of(kind)));
        }
    }

    [Theory]
    [InlineData("disqualified", SalesActionKind.Disqualify)] // a CRM's disqualification, as the outcome import records it
    [InlineData("won", SalesActionKind.Won)]
    public void The_status_api_reads_outcome_words(string word, SalesActionKind expected) =>
        Assert.Equal(expected, SalesStatusNames.Parse(word));

    [Theory]
    [InlineData("Won")] // exact, lower case
    [InlineData("disqualify")] // the action, not the status word
    [InlineData("")]
    [InlineData(null)]
    public void Other_words_are_not_statuses(string? word) => Assert.Null(SalesStatusNames.Parse(word));
}
