using LeadFunctions.Leads;
using LeadFunctions.Sales;

namespace LeadFunctions.Http.Leads;

/// <summary>How the lead ended with sales: won, lost or disqualified (with the reason, who recorded it and when).</summary>
public sealed record LeadOutcome(string Status, string Reason, DateTimeOffset At, string? Actor, string? Note)
{
    /// <summary>
    /// The outcome of a lead that is Won, Lost or Disqualified; null otherwise. A disqualification reads "disqualified"
    /// whether a rep rejected the hand-off with a disqualify reason or the CRM reported it.
    /// </summary>
    public static LeadOutcome? Of(Lead lead)
    {
        ArgumentNullException.ThrowIfNull(lead);
        if (lead.Stage is not (LeadStage.Won or LeadStage.Lost or LeadStage.Disqualified) || lead.Score is not { } score)
        {
            return null;
        }

        var change = score.StageHistory.LastOrDefault(c => c.To == lead.Stage && c.Action is not null && c.IsMove);
        var action = lead.Stage == LeadStage.Disqualified ? SalesActionKind.Disqualify : change?.Action;
        return change is null ? null : new LeadOutcome(
            SalesStatusNames.Of(action!.Value),
            change.Reason,
            change.At,
            change.Actor,
            change.Note);
    }
}
