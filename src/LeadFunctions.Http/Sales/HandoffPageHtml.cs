using System.Globalization;
using System.Text;
using LeadFunctions.Leads;
using LeadFunctions.Sales;
using LeadFunctions.Scoring;
using static LeadFunctions.Http.Sales.HtmlText;

namespace LeadFunctions.Http.Sales;

/// <summary>
/// The hand-off page: who the lead is, its stage, grade and scores, the hand-off's age against the SLA, the decision
/// sales can take now (each a POST form with its anti-forgery value), why the lead scored what it did (every
/// contribution, adding up to the score), BANT, recent events and the stage history. Every value is HTML-encoded.
/// </summary>
internal static class HandoffPageHtml
{
    private const int RecentEventCount = 10;

    public static string Render(HandoffPage page)
    {
        var lead = page.Lead;
        var html = new StringBuilder(16 * 1024);
        AppendAnswer(html, page);
        AppendHeader(html, page);
        AppendDecision(html, page);
        AppendContact(html, lead.Profile);
        if (lead.Score is { } score)
        {
            AppendScores(html, score);
            AppendWhy(html, score);
            AppendBant(html, score.Bant);
            AppendEvents(html, score.RecentEvents);
            StageHistoryHtml.Append(html, score);
        }

        AppendFooter(html, page);
        return SalesPageLayout.Document($"{DisplayName(lead.Profile)} · {lead.Stage}", html.ToString());
    }

    private static void AppendAnswer(StringBuilder html, HandoffPage page)
    {
        if (page.Answer is { } answer)
        {
            var kind = answer.Outcome switch
            {
                SalesTransitionOutcome.Applied => "ok",
                SalesTransitionOutcome.AlreadyInThatState or SalesTransitionOutcome.RecordedAsHistory => "info",
                _ => "warn",
            };
            html.Append("<div class=\"notice ").Append(kind).Append("\" role=\"status\">").Append(Encode(AnswerText(answer)))
                .Append("</div>\n");
        }

        if (!page.IsLatestHandoff)
        {
            html.Append("<div class=\"notice info\">This lead was handed to sales again since this email. ")
                .Append("Decide on it from the latest email's link.</div>\n");
        }
    }

    private static string AnswerText(SalesTransition answer) => answer switch
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

    private static void AppendHeader(StringBuilder html, HandoffPage page)
    {
        var profile = page.Lead.Profile;
        html.Append("<header class=\"card lead\">\n<h1>").Append(Encode(DisplayName(profile))).Append("</h1>\n");
        var role = string.Join(" at ", new[] { profile.JobTitle, profile.Company }.Where(value => !string.IsNullOrWhiteSpace(value)));
        if (role.Length > 0)
        {
            html.Append("<p class=\"role\">").Append(Encode(role)).Append("</p>\n");
        }

        html.Append("<p class=\"badges\"><span class=\"badge ").Append(StageClass(page.Lead.Stage)).Append("\">")
            .Append(Encode(StageName(page.Lead.Stage))).Append("</span>");
        if (page.Lead.Score is { } score)
        {
            html.Append("<span class=\"badge grade\">Grade ").Append(Encode(score.Grade)).Append("</span>");
            html.Append(score.IsPql ? "<span class=\"badge\">PQL · uses the product</span>" : string.Empty);
        }

        html.Append("</p>\n");
        AppendSla(html, page);
        html.Append("</header>\n");
    }

    private static void AppendSla(StringBuilder html, HandoffPage page)
    {
        var sla = page.Sla;
        var to = Encode(page.Handoff.Recipient ?? HandoffPageService.UnknownInbox);
        var ago = sla.Age < TimeSpan.FromMinutes(1) ? "just now" : Age(sla.Age) + " ago";
        var text = sla switch
        {
            { Answered: true } => $"Handed to {to} on {Utc(sla.Since)}.",
            { IsOverdue: true } =>
                $"<strong>Overdue by {Age(sla.Age - page.SlaLength)}:</strong> handed to {to} {ago}; the SLA is {Age(page.SlaLength)}.",
            _ => $"Handed to {to} {ago}. Please answer by {Utc(sla.DueAt)} (SLA {Age(page.SlaLength)}).",
        };
        html.Append("<p class=\"sla").Append(sla.IsOverdue ? " overdue" : string.Empty).Append("\">").Append(text).Append("</p>\n");
    }

    private static void AppendDecision(StringBuilder html, HandoffPage page)
    {
        html.Append("<section class=\"card\" aria-labelledby=\"decision\">\n<h2 id=\"decision\">Your decision</h2>\n");
        if (LastDecision(page) is { } decided)
        {
            html.Append("<p>").Append(Encode(decided)).Append("</p>\n");
        }
        else if (page.Offered.Count == 0)
        {
            html.Append("<p>").Append(Encode($"Nothing to decide here: the lead is {StageName(page.Lead.Stage)}.")).Append("</p>\n");
        }

        foreach (var (kind, verification) in page.Offered)
        {
            AppendForm(html, page, kind, verification);
        }

        html.Append("</section>\n");
    }

    /// <summary>"Accepted by sales@example.com on 2026-11-22 10:00 UTC." for the latest hand-off, when sales answered it.</summary>
    private static string? LastDecision(HandoffPage page)
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

    private static void AppendForm(StringBuilder html, HandoffPage page, SalesActionKind kind, string verification)
    {
        var name = HandoffForm.ActionName(kind);
        html.Append("<form method=\"post\" action=\"").Append(Encode(page.Token)).Append("\">\n")
            .Append("<input type=\"hidden\" name=\"action\" value=\"").Append(name).Append("\">\n")
            .Append("<input type=\"hidden\" name=\"verification\" value=\"").Append(Encode(verification)).Append("\">\n");
        html.Append("<p class=\"hint\">").Append(Hint(kind, page.Lead.Stage)).Append("</p>\n");
        switch (kind)
        {
            case SalesActionKind.Reject:
                AppendReasons(html, name, "Reject because", RejectGroups(page.Reasons));
                AppendNote(html, name);
                break;
            case SalesActionKind.Lost:
                AppendReasons(html, name, "Lost because", [(string.Empty, page.Reasons.GetLostReasons())]);
                AppendNote(html, name);
                break;
        }

        html.Append("<button type=\"submit\" class=\"").Append(name).Append("\">").Append(ButtonText(kind)).Append("</button>\n</form>\n");
    }

    private static string Hint(SalesActionKind kind, LeadStage stage) => kind switch
    {
        SalesActionKind.Accept => "Take it: the lead becomes a SAL (sales accepted lead) and is yours to work.",
        SalesActionKind.Won => "The deal is signed: the lead becomes a customer.",
        SalesActionKind.Lost => "The deal fell through.",
        _ when stage == LeadStage.SAL => "Not worth working after all? Reject it with a reason.",
        _ => "Not for sales? The reason decides: back to marketing nurture, or disqualified for good.",
    };

    private static (string Group, IReadOnlyList<string> Reasons)[] RejectGroups(SalesOptions reasons) =>
    [
        ("Back to nurture (Recycled)", reasons.GetRecycleReasons()),
        ("Disqualify (never handed off again by score)", reasons.GetDisqualifyReasons()),
    ];

    private static string ButtonText(SalesActionKind kind) => kind switch
    {
        SalesActionKind.Accept => "Accept this lead",
        SalesActionKind.Reject => "Reject this lead",
        SalesActionKind.Won => "Mark as won",
        _ => "Mark as lost",
    };

    private static void AppendReasons(StringBuilder html, string form, string label, (string Group, IReadOnlyList<string> Reasons)[] groups)
    {
        html.Append("<label for=\"").Append(form).Append("-reason\">").Append(label).Append("</label>\n<select id=\"").Append(form)
            .Append("-reason\" name=\"reason\" required>\n<option value=\"\">Choose a reason…</option>\n");
        foreach (var (group, reasons) in groups.Where(group => group.Reasons.Count > 0))
        {
            html.Append(group.Length > 0 ? $"<optgroup label=\"{Encode(group)}\">\n" : string.Empty);
            foreach (var reason in reasons)
            {
                html.Append("<option>").Append(Encode(reason)).Append("</option>\n");
            }

            html.Append(group.Length > 0 ? "</optgroup>\n" : string.Empty);
        }

        html.Append("</select>\n");
    }

    private static void AppendNote(StringBuilder html, string form) =>
        html.Append("<label for=\"").Append(form).Append("-note\">Note <span class=\"muted\">(optional, up to ")
            .Append(SalesOptions.MaxNoteLength.ToString("N0", CultureInfo.InvariantCulture))
            .Append(" characters)</span></label>\n<textarea id=\"")
            .Append(form).Append("-note\" name=\"note\" maxlength=\"")
            .Append(SalesOptions.MaxNoteLength.ToString(CultureInfo.InvariantCulture)).Append("\" rows=\"3\"></textarea>\n");

    private static void AppendContact(StringBuilder html, LeadProfile profile)
    {
        html.Append("<section class=\"card\">\n<h2>Contact</h2>\n<dl class=\"facts\">\n");
        Fact(html, "Email", $"<a href=\"mailto:{Encode(profile.Email)}\">{Encode(profile.Email)}</a>");
        Fact(
            html,
            "Phone",
            string.IsNullOrWhiteSpace(profile.Phone) ? null : $"<a href=\"tel:{Encode(profile.Phone)}\">{Encode(profile.Phone)}</a>");
        Fact(html, "Job title", Text(profile.JobTitle));
        Fact(html, "Company", Text(profile.Company));
        Fact(
            html,
            "Company size",
            profile.CompanySize is { } size ? size.ToString("N0", CultureInfo.InvariantCulture) + " employees" : null);
        Fact(html, "Industry", Text(profile.Industry));
        Fact(html, "Country", Text(profile.Country));
        html.Append("</dl>\n</section>\n");
    }

    private static void Fact(StringBuilder html, string label, string? valueHtml) =>
        html.Append("<dt>").Append(label).Append("</dt><dd>").Append(valueHtml ?? "<span class=\"muted\">not given</span>")
            .Append("</dd>\n");

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : Encode(value);

    private static void AppendScores(StringBuilder html, StoredScore score)
    {
        html.Append("<section class=\"card\">\n<h2>Score</h2>\n<div class=\"scores\">\n");
        Score(html, score.FitScore, "Fit: who they are");
        Score(html, score.EngagementScore, "Engagement: what they did");
        Score(html, score.FitScore + score.EngagementScore, "Total");
        html.Append("</div>\n<p class=\"hint\">Scored ").Append(Utc(score.ScoredAt)).Append(" with model ")
            .Append(Encode(score.ModelVersion))
            .Append(". Engagement keeps counting after your decision; it no longer moves the stage.</p>\n</section>\n");
    }

    private static void Score(StringBuilder html, decimal value, string label) =>
        html.Append("<div class=\"score\"><b>").Append(Number(value)).Append("</b><span>").Append(label).Append("</span></div>\n");

    private static void AppendWhy(StringBuilder html, StoredScore score)
    {
        html.Append("<section class=\"card\">\n<h2>Why this lead</h2>\n");
        if (QualifiedBecause(score.StageHistory) is { Length: > 0 } because)
        {
            html.Append("<p><strong>Sales-qualified because:</strong> ").Append(Encode(because)).Append(".</p>\n");
        }

        html.Append("<p class=\"hint\">Every point of the score, rule by rule: the lines add up to the scores above.</p>\n")
            .Append("<table>\n<tbody>\n");
        var largest = score.Breakdown.Select(c => Math.Abs(c.Points)).DefaultIfEmpty(0).Max();
        AppendKind(html, score.Breakdown, ScoreKind.Fit, "Fit", score.FitScore, largest);
        AppendKind(html, score.Breakdown, ScoreKind.Engagement, "Engagement (decays over time)", score.EngagementScore, largest);
        html.Append("<tr class=\"total\"><td>Total</td><td class=\"num\">").Append(Number(score.FitScore + score.EngagementScore))
            .Append("</td></tr>\n</tbody>\n</table>\n</section>\n");
    }

    /// <summary>The reason the scores gave for the latest move into SQL.</summary>
    private static string? QualifiedBecause(IReadOnlyList<StageChange> history) =>
        history.LastOrDefault(change => change.To == LeadStage.SQL && change.Action is null)?.Reason;

    private static void AppendKind(
        StringBuilder html,
        IReadOnlyList<RuleContribution> breakdown,
        ScoreKind kind,
        string title,
        decimal subtotal,
        decimal largest)
    {
        html.Append("<tr class=\"group\"><th colspan=\"2\">").Append(title).Append("</th></tr>\n");
        foreach (var contribution in breakdown.Where(c => c.Kind == kind && c.Points != 0))
        {
            html.Append("<tr><td>").Append(Encode(contribution.Label));
            if (contribution.Events > 1)
            {
                html.Append(" <span class=\"muted\">(").Append(contribution.Events.ToString(CultureInfo.InvariantCulture))
                    .Append(" events)</span>");
            }

            if (contribution.Note is { Length: > 0 } note)
            {
                html.Append(" <span class=\"muted\">· ").Append(Encode(note)).Append("</span>");
            }

            html.Append(Bar(contribution.Points, largest)).Append("</td><td class=\"num ").Append(contribution.Points > 0 ? "pos" : "neg")
                .Append("\">")
                .Append(Points(contribution.Points)).Append("</td></tr>\n");
        }

        html.Append("<tr class=\"subtotal\"><td>").Append(kind == ScoreKind.Fit ? "Fit score" : "Engagement score")
            .Append("</td><td class=\"num\">").Append(Number(subtotal)).Append("</td></tr>\n");
    }

    /// <summary>A bar as long as the contribution relative to the largest one (inline SVG: no style attribute needed).</summary>
    private static string Bar(decimal points, decimal largest)
    {
        var width = largest == 0 ? 0 : Math.Round(Math.Abs(points) / largest * 100, 1);
        var negative = points < 0 ? " class=\"neg\"" : string.Empty;
        return "<svg class=\"bar\" viewBox=\"0 0 100 6\" preserveAspectRatio=\"none\" aria-hidden=\"true\">"
            + string.Create(CultureInfo.InvariantCulture, $"<rect{negative} width=\"{width}\" height=\"6\" rx=\"2\"/></svg>");
    }

    private static void AppendBant(StringBuilder html, BantStatus bant)
    {
        var items = new[] { ("Budget", bant.Budget), ("Authority", bant.Authority), ("Need", bant.Need), ("Timeline", bant.Timeline) };
        html.Append("<section class=\"card\">\n<h2>BANT <span class=\"muted\">")
            .Append(items.Count(item => item.Item2).ToString(CultureInfo.InvariantCulture))
            .Append(" of 4</span></h2>\n<ul class=\"bant\">\n");
        foreach (var (name, met) in items)
        {
            html.Append("<li class=\"").Append(met ? "yes" : "no").Append("\">").Append(met ? "✓ " : "✗ ").Append(name)
                .Append(met ? string.Empty : " <span class=\"muted\">not stated</span>").Append("</li>\n");
        }

        html.Append("</ul>\n</section>\n");
    }

    private static void AppendEvents(StringBuilder html, IReadOnlyList<ScoreContribution> events)
    {
        html.Append("<section class=\"card\">\n<h2>Recent events</h2>\n");
        if (events.Count == 0)
        {
            html.Append("<p class=\"muted\">No scored events yet.</p>\n</section>\n");
            return;
        }

        html.Append("<ol class=\"timeline\">\n");
        foreach (var recent in events.Take(RecentEventCount))
        {
            html.Append("<li><time datetime=\"").Append(Iso(recent.OccurredAt!.Value)).Append("\">").Append(Utc(recent.OccurredAt.Value))
                .Append("</time>")
                .Append(Encode(recent.Label)).Append(" <span class=\"num ").Append(recent.Points >= 0 ? "pos" : "neg").Append("\">")
                .Append(Points(recent.Points)).Append("</span></li>\n");
        }

        html.Append("</ol>\n</section>\n");
    }

    private static void AppendFooter(StringBuilder html, HandoffPage page) =>
        html.Append("<footer>This page belongs to the hand-off of ").Append(Utc(page.Handoff.QualifiedAt)).Append(". Its link works until ")
            .Append(Utc(page.ExpiresAt)).Append(" without a login: anyone with it can act on the lead, so do not forward it. Lead ")
            .Append(Encode(page.Lead.LeadId)).Append(".</footer>\n");

    private static string DisplayName(LeadProfile profile)
    {
        var name = string.Join(' ', new[] { profile.FirstName, profile.LastName }.Where(part => !string.IsNullOrWhiteSpace(part))).Trim();
        return name.Length > 0 ? name : profile.Company is { Length: > 0 } company ? company : profile.Email;
    }
}
