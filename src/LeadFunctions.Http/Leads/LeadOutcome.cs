using LeadFunctions.Leads;
using LeadFunctions.Sales;

namespace LeadFunctions.Http.Leads;

/// <summary>How the lead ended with sales: won or lost (with the reason, who recorded it and when).</summary>
public sealed record LeadOutcome(string Status, string Reason, DateTimeOffset At, string? Actor, string? Note)
{
    /// <summary>The outcome of a lead that is Won or Lost; null otherwise.</summary>
    public static LeadOutcome? Of(Lead lead)
    {
        ArgumentNullException.ThrowIfNull(lead);
        if (lead.Stage is not (LeadStage.Won or LeadStage.Lost) || lead.Score is not { } score)
        {
            return null;
        }

        var change = score.StageHistory.LastOrDefault(c => c.To == lead.Stage && c.Action is not null);
        return change is null ? null : new LeadOutcome(
            SalesStatusNames.Of(change.Action!.Value),
            change.Reason,
            change.At,
            change.Actor,
            change.Note);
    }
}
