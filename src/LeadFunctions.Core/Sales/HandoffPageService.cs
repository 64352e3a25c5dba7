using LeadFunctions.Leads;
using LeadFunctions.Notifications;
using LeadFunctions.Validation;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Sales;

/// <summary>
/// The hand-off page's use cases: open the page of a link, and act on it (accept, reject, won, lost). The token is the
/// capability: it is verified before anything is read, and every action form must carry its anti-forgery value, which
/// also covers the lead's state on the page: an action that would change a lead that moved on since the page was
/// rendered, or that the page does not offer now, is refused. Refusals of every kind (forged, expired, erased, bad form,
/// stale page) change nothing.
/// </summary>
public sealed class HandoffPageService(
    ILeadRepository leads,
    IHandoffOutbox handoffs,
    HandoffLinks links,
    SalesStatusService status,
    IOptions<HandoffOptions> handoffOptions,
    IOptions<SalesOptions> salesOptions,
    TimeProvider timeProvider)
{
    /// <summary>Who acted, when the hand-off does not record the inbox it went to (sent before the inbox was recorded).</summary>
    public const string UnknownInbox = "the sales inbox";

    /// <summary>In the order the page shows them: the usual next step first, rejecting (a detour) last.</summary>
    private static readonly SalesActionKind[] PageActions =
        [SalesActionKind.Accept, SalesActionKind.Won, SalesActionKind.Lost, SalesActionKind.Reject];

    public async Task<HandoffPageResult> OpenAsync(string? token, CancellationToken cancellationToken = default)
    {
        var check = links.Verify(token, timeProvider.GetUtcNow());
        return check.Status == HandoffLinkStatus.Valid ? await LoadAsync(check, token!, cancellationToken) : Refused(check);
    }

    public async Task<HandoffPageResult> ActAsync(string? token, HandoffForm form, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        var check = links.Verify(token, timeProvider.GetUtcNow());
        if (check.Status != HandoffLinkStatus.Valid)
        {
            return Refused(check);
        }

        // The form is checked before anything is read: a bad one touches nothing.
        var (action, problem) = ActionOf(token!, form);
        if (action is null)
        {
            return HandoffPageResult.Of(HandoffPageStatus.BadForm, problem);
        }

        var opened = await LoadAsync(check, token!, cancellationToken);
        if (opened.Page is not { } page)
        {
            return opened;
        }

        action = action with { Actor = page.Handoff.Recipient ?? UnknownInbox, HandoffId = page.Handoff.HandoffId };
        if (NotOffered(page, action) is { } refused)
        {
            return refused;
        }

        var result = await status.RecordAsync(page.Lead.LeadId, action, receipt: null, cancellationToken);
        return result switch
        {
            null => HandoffPageResult.Of(HandoffPageStatus.Gone),
            { Transition.Outcome: SalesTransitionOutcome.Stale } =>
                HandoffPageResult.Of(HandoffPageStatus.Changed, result.Transition.Detail),
            _ => new HandoffPageResult(
                HandoffPageStatus.Ok,
                PageOf(result.Lead, page.Handoff, page.Token, page.ExpiresAt) with { Answer = result.Transition }),
        };
    }

    /// <summary>
    /// Refuses an action that would change the lead although the page does not offer it now (whatever the form says):
    /// <see cref="HandoffPageStatus.Changed"/> when the lead moved on since the form's page was rendered, else
    /// <see cref="HandoffPageStatus.NotOffered"/>. Repeats and refusals pass: their answer is the page as it stands.
    /// </summary>
    private HandoffPageResult? NotOffered(HandoffPage page, SalesAction action)
    {
        if (page.Offered.ContainsKey(action.Kind) || page.Lead.Score is not { } score)
        {
            return null;
        }

        var decided = SalesTransitions.Decide(page.Lead.Stage, score.StageHistory, action, salesOptions.Value);
        if (decided.Outcome is not (SalesTransitionOutcome.Applied or SalesTransitionOutcome.RecordedAsHistory))
        {
            return null;
        }

        return action.SeenState != HandoffPageState.Of(score)
            ? HandoffPageResult.Of(HandoffPageStatus.Changed, SalesTransitions.Stale(page.Lead.Stage).Detail)
            : HandoffPageResult.Of(
                HandoffPageStatus.NotOffered,
                $"The page does not offer this action now: the lead is {page.Lead.Stage}. Reload the page to see what you can do.");
    }

    private static HandoffPageResult Refused(HandoffLinkCheck check) =>
        HandoffPageResult.Of(check.Status == HandoffLinkStatus.Expired ? HandoffPageStatus.Expired : HandoffPageStatus.Forged);

    private async Task<HandoffPageResult> LoadAsync(HandoffLinkCheck check, string token, CancellationToken cancellationToken)
    {
        var lead = await leads.GetLeadAsync(check.LeadId!, cancellationToken);
        var handoff = lead is null ? null : await handoffs.GetHandoffAsync(check.LeadId!, check.HandoffId!, cancellationToken);
        return lead is null || handoff is null
            ? HandoffPageResult.Of(HandoffPageStatus.Gone)
            : new HandoffPageResult(HandoffPageStatus.Ok, PageOf(lead, handoff, token, check.ExpiresAt!.Value));
    }

    /// <summary>The action a form asks for (actor and hand-off still to fill in), or why the form cannot be used.</summary>
    private (SalesAction? Action, string? Problem) ActionOf(string token, HandoffForm form)
    {
        if (HandoffForm.ParseAction(form.Action) is not { } kind || links.ReadFormValue(token, kind, form.Verification) is not { } seen)
        {
            return (null, "This form did not come from the lead's page, or the page is out of date. Open the link from the email again.");
        }

        var (errors, reason) = SalesActionRules.Validate(kind, form.Reason, form.Note, salesOptions.Value);
        if (errors.Count > 0)
        {
            return (null, string.Join(" ", errors.Select(error => $"The {error.Field} {error.Message}")));
        }

        var note = string.IsNullOrWhiteSpace(form.Note) ? null : form.Note.Trim();
        return (new SalesAction(kind, UnknownInbox, timeProvider.GetUtcNow()) { Reason = reason, Note = note, SeenState = seen }, null);
    }

    private HandoffPage PageOf(Lead lead, SalesHandoff handoff, string token, DateTimeOffset expiresAt)
    {
        var now = timeProvider.GetUtcNow();
        var history = lead.Score?.StageHistory ?? [];
        var sla = handoffOptions.Value.Sla;
        var isLatest = string.Equals(SalesTransitions.LatestHandoffId(history), handoff.HandoffId, StringComparison.Ordinal);
        var offered = PageActions
            .Where(kind => isLatest && lead.Score is not null && WouldApply(lead, handoff, kind, now))
            .ToDictionary(kind => kind, kind => links.FormValue(token, kind, HandoffPageState.Of(lead.Score!)));
        return new HandoffPage(
            lead,
            handoff,
            token,
            expiresAt,
            HandoffSla.For(handoff, history, sla, now),
            sla,
            isLatest,
            offered,
            salesOptions.Value);
    }

    /// <summary>Won and lost are offered once the lead is accepted; every action only when it would change something.</summary>
    private bool WouldApply(Lead lead, SalesHandoff handoff, SalesActionKind kind, DateTimeOffset now)
    {
        if (kind is SalesActionKind.Won or SalesActionKind.Lost && lead.Stage != LeadStage.SAL)
        {
            return false;
        }

        var reasons = salesOptions.Value;
        var probe = new SalesAction(kind, UnknownInbox, now)
        {
            HandoffId = handoff.HandoffId,
            Reason = kind switch
            {
                SalesActionKind.Reject => reasons.GetRecycleReasons().Concat(reasons.GetDisqualifyReasons()).First(),
                SalesActionKind.Lost => reasons.GetLostReasons()[0],
                _ => null,
            },
        };
        return SalesTransitions.Decide(lead.Stage, lead.Score!.StageHistory, probe, reasons).Outcome == SalesTransitionOutcome.Applied;
    }
}
