using LeadFunctions.Leads;
using LeadFunctions.Sales;
using static LeadFunctions.Http.Pages.PageText;

namespace LeadFunctions.Http.Sales;

/// <summary>How the hand-off page words the lead's situation: the answer to a post, the decision taken, hints, buttons.</summary>
internal static class HandoffPageText
{
    public const string Brand = "sales hand-off";

    /// <summary>How many recent events the page lists.</summary>
    public const int RecentEventCount = 10;

    /// <summary>The notice's colour for an answer: ok, info or warn.</summary>
    public static string NoticeKind(SalesTransition answer) => answer.Outcome switch
    {
        SalesTransitionOutcome.Applied => "ok",
        SalesTransitionOutcome.AlreadyInThatState or SalesTransitionOutcome.RecordedAsHistory => "info",
        _ => "warn",
    };

    public static string AnswerText(SalesTransition answer) => answer switch
    {
        { Outcome: SalesTransitionOutcome.Applied, Change: { } change } => change.Action switch
        {
            SalesActionKind.Accept => "Accepted. The lead is yours: it is now a SAL (sales accepted lead).",
            SalesActionKind.Reject when change.To == LeadStage.Recycled =>
                $"Rejected ({change.Reason}). The lead goes back to marketing nurture and returns to sales only after new engagement.",
            SalesActionKind.Reject => $"Rejected ({change.Reason}). The lead is disqualified: its score will not hand it to sales again.",
            SalesActionKind.Won => "Marked as won. Well done!",
            SalesActionKind.Lost => $"Marked as lost ({change.Reason}).",
            _ => answer.Detail,
        },
        { Outcome: SalesTransitionOutcome.AlreadyInThatState } =>
            $"Already recorded, nothing changed: the lead is {StageName(answer.Stage)}.",
        { Outcome: SalesTransitionOutcome.RecordedAsHistory } => answer.Detail,
        _ => "Not possible: " + answer.Detail,
    };

    /// <summary>"Accepted by sales@example.com on 2026-11-22 10:00 UTC." for the latest hand-off, when sales answered it.</summary>
    public static string? LastDecision(HandoffPage page)
    {
        var history = page.Lead.Score?.StageHistory ?? [];
        if (!page.IsLatestHandoff || SalesTransitions.ActionsSinceLatestHandoff(history) is not { Count: > 0 } actions)
        {
            return null;
        }

        var last = actions.LastOrDefault(change => change.IsMove) ?? actions[^1];
        var status = SalesStatusNames.Of(last.Action!.Value);
        var reason = last.Action is SalesActionKind.Accept ? string.Empty : $" ({last.Reason})";
        var what = $"{char.ToUpperInvariant(status[0])}{status[1..]}{reason}";
        return $"{what} by {last.Actor} on {Utc(last.At)}. The lead is {StageName(page.Lead.Stage)}.";
    }

    public static string Hint(SalesActionKind kind, LeadStage stage) => kind switch
    {
        SalesActionKind.Accept => "Take it: the lead becomes a SAL (sales accepted lead) and is yours to work.",
        SalesActionKind.Won => "The deal is signed: the lead becomes a customer.",
        SalesActionKind.Lost => "The deal fell through.",
        _ when stage == LeadStage.SAL => "Not worth working after all? Reject it with a reason.",
        _ => "Not for sales? The reason decides: back to marketing nurture, or disqualified for good.",
    };

    public static (string Group, IReadOnlyList<string> Reasons)[] RejectGroups(SalesOptions reasons) =>
    [
        ("Back to nurture (Recycled)", reasons.GetRecycleReasons()),
        ("Disqualify (never handed off again by score)", reasons.GetDisqualifyReasons()),
    ];

    public static string ButtonText(SalesActionKind kind) => kind switch
    {
        SalesActionKind.Accept => "Accept this lead",
        SalesActionKind.Reject => "Reject this lead",
        SalesActionKind.Won => "Mark as won",
        _ => "Mark as lost",
    };

    /// <summary>"CTO at Northwind", or empty when neither is given.</summary>
    public static string Role(LeadProfile profile) =>
        string.Join(" at ", new[] { profile.JobTitle, profile.Company }.Where(value => !string.IsNullOrWhiteSpace(value)));

    /// <summary>The reason the scores gave for the latest move into SQL.</summary>
    public static string? QualifiedBecause(IReadOnlyList<StageChange> history) =>
        history.LastOrDefault(change => change.To == LeadStage.SQL && change.Action is null)?.Reason;

    public static string DisplayName(LeadProfile profile)
    {
        var name = string.Join(' ', new[] { profile.FirstName, profile.LastName }.Where(part => !string.IsNullOrWhiteSpace(part))).Trim();
        return name.Length > 0 ? name : profile.Company is { Length: > 0 } company ? company : profile.Email;
    }

    /// <summary>The width of a contribution's bar, in percent of the largest contribution.</summary>
    public static decimal BarWidth(decimal points, decimal largest) =>
        largest == 0 ? 0 : Math.Round(Math.Abs(points) / largest * 100, 1);
}
