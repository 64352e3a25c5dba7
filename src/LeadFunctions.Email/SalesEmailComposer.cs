using System.Globalization;
using System.Net;
using System.Text;
using LeadFunctions.Leads;
using LeadFunctions.Scoring;

namespace LeadFunctions.Email;

/// <summary>
/// Writes the sales hand-off email of a lead: recipient, subject, a plain-text and an HTML body, and the headers that
/// identify the hand-off. Pure: no I/O, the same input gives the same email. Every value from the lead is made one
/// line in the subject and the plain text, and HTML-encoded in the HTML.
/// </summary>
public sealed class SalesEmailComposer
{
    /// <summary>How many rule contributions explain "why this lead is an SQL".</summary>
    public const int TopContributionCount = 5;

    /// <summary>How many recent high-intent events are listed.</summary>
    public const int HighIntentEventCount = 5;

    /// <summary>An event is high-intent when its rule gives at least this many points before decay (demo request 30, pricing page 10 …).</summary>
    public const decimal HighIntentMinPoints = 10;

    private const string NotGiven = "not given";
    private const int SubjectCompanyMaxLength = 80;

    private readonly SalesRouter _router;
    private readonly string _linkBase;

    public SalesEmailComposer(NotificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _router = new SalesRouter(options);
        _linkBase = options.LeadLinkBaseUrl.EndsWith('/') ? options.LeadLinkBaseUrl : options.LeadLinkBaseUrl + "/";
    }

    public SalesEmail Compose(Lead lead, SalesHandoff handoff)
    {
        ArgumentNullException.ThrowIfNull(lead);
        ArgumentNullException.ThrowIfNull(handoff);
        if (!string.Equals(lead.LeadId, handoff.LeadId, StringComparison.Ordinal))
        {
            throw new ArgumentException("The hand-off belongs to another lead.", nameof(handoff));
        }

        var subject = SubjectFor(lead);
        var facts = Facts(lead, handoff);
        var reasons = TopContributions(lead.Score);
        var events = HighIntentEvents(lead.Score);
        var link = LinkFor(lead.LeadId);
        return new SalesEmail(
            _router.RecipientFor(lead.Profile),
            subject,
            PlainText(subject, facts, reasons, events, link),
            Html(subject, facts, reasons, events, link),
            MessageIdFor(handoff),
            HandoffReferenceFor(handoff));
    }

    /// <summary>"New SQL: Northwind (grade A)"; without a company, the lead's email domain or "unknown company".</summary>
    public static string SubjectFor(Lead lead)
    {
        ArgumentNullException.ThrowIfNull(lead);
        var company = MailText.OneLine(lead.Profile.Company, SubjectCompanyMaxLength)
            ?? MailText.OneLine(lead.Profile.EmailDomain, SubjectCompanyMaxLength)
            ?? "unknown company";
        var grade = MailText.OneLine(lead.Score?.Grade, 10) ?? "?";
        return $"New SQL: {company} (grade {grade})";
    }

    /// <summary>
    /// The Message-ID of every send of <paramref name="handoff"/>: <c>&lt;{handoffId}.{leadId}@leadfunctions&gt;</c>.
    /// A repeat after a crash carries the same id, so mail systems and people can tell it is the same message.
    /// </summary>
    public static string MessageIdFor(SalesHandoff handoff)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        RequireIds(handoff);
        return $"<{handoff.HandoffId}.{handoff.LeadId}@leadfunctions>";
    }

    /// <summary>The X-LeadFunctions-Handoff header: <c>{leadId}/{handoffId}</c>.</summary>
    public static string HandoffReferenceFor(SalesHandoff handoff)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        RequireIds(handoff);
        return $"{handoff.LeadId}/{handoff.HandoffId}";
    }

    /// <summary>The lead's link: <see cref="NotificationOptions.LeadLinkBaseUrl"/> followed by the lead id.</summary>
    public string LinkFor(string leadId)
    {
        ArgumentException.ThrowIfNullOrEmpty(leadId);
        return _linkBase + Uri.EscapeDataString(leadId);
    }

    /// <summary>The largest positive rule contributions, largest first (ties keep the model's order).</summary>
    public static IReadOnlyList<RuleContribution> TopContributions(LeadScoreState? score) =>
        [.. (score?.Breakdown ?? []).Where(c => c.Points > 0).OrderByDescending(c => c.Points).Take(TopContributionCount)];

    /// <summary>The newest events whose rule gives at least <see cref="HighIntentMinPoints"/> points, newest first.</summary>
    public static IReadOnlyList<ScoreContribution> HighIntentEvents(LeadScoreState? score) =>
        [.. (score?.RecentEvents ?? [])
            .Where(e => e.BasePoints >= HighIntentMinPoints && e.OccurredAt is not null)
            .OrderByDescending(e => e.OccurredAt)
            .Take(HighIntentEventCount)];

    private static void RequireIds(SalesHandoff handoff)
    {
        if (!Lead.IsValidLeadId(handoff.LeadId))
        {
            throw new ArgumentException("The hand-off's lead id is not a lead id.", nameof(handoff));
        }

        if (handoff.HandoffId.Length is 0 or > 64 || !handoff.HandoffId.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            throw new ArgumentException("The hand-off id must be 1-64 ASCII letters, digits or '-'.", nameof(handoff));
        }
    }

    private static List<Section> Facts(Lead lead, SalesHandoff handoff)
    {
        var profile = lead.Profile;
        var name = MailText.OneLine(string.Join(' ', profile.FirstName, profile.LastName));
        var contact = new Section("Contact",
        [
            new("Name", name ?? NotGiven),
            new("Email", MailText.OneLine(profile.Email) ?? NotGiven),
            new("Phone", MailText.OneLine(profile.Phone) ?? NotGiven),
            new("Job title", MailText.OneLine(profile.JobTitle) ?? NotGiven),
            new("Company", MailText.OneLine(profile.Company) ?? NotGiven),
            new("Company size", profile.CompanySize?.ToString("N0", CultureInfo.InvariantCulture) ?? NotGiven),
            new("Industry", MailText.OneLine(profile.Industry) ?? NotGiven),
            new("Country", MailText.OneLine(profile.Country) ?? NotGiven),
        ]);

        var score = lead.Score;
        var qualified = new Fact("Qualified at", Utc(handoff.QualifiedAt));
        if (score is null)
        {
            return [contact, new Section("Score", [new("Score", "not scored"), qualified])];
        }

        return
        [
            contact,
            new Section("Score",
            [
                new("Grade", MailText.OneLine(score.Grade, 10) ?? "?"),
                new("Fit score", Number(score.FitScore)),
                new("Engagement score", Number(score.EngagementScore)),
                new("PQL", score.IsPql ? "yes" : "no"),
                new("BANT", Bant(score.Bant)),
                qualified,
            ]),
        ];
    }

    private static string PlainText(string subject, List<Section> facts, IReadOnlyList<RuleContribution> reasons, IReadOnlyList<ScoreContribution> events, string link)
    {
        var text = new StringBuilder();
        text.Append(subject).Append("\n\n");
        foreach (var section in facts)
        {
            text.Append(section.Title).Append('\n');
            var width = section.Facts.Max(fact => fact.Label.Length) + 2;
            foreach (var fact in section.Facts)
            {
                text.Append("  ").Append((fact.Label + ":").PadRight(width)).Append(fact.Value).Append('\n');
            }

            text.Append('\n');
        }

        text.Append("Why this lead is an SQL\n");
        foreach (var reason in reasons)
        {
            text.Append("  ").Append(Points(reason.Points).PadLeft(7)).Append("  ").Append(ReasonText(reason)).Append('\n');
        }

        AppendNone(text, reasons.Count);
        text.Append("\nRecent high-intent events\n");
        foreach (var recent in events)
        {
            text.Append("  ").Append(Utc(recent.OccurredAt!.Value)).Append("  ").Append(EventText(recent)).Append('\n');
        }

        AppendNone(text, events.Count);
        text.Append("\nOpen the lead: ").Append(link).Append('\n');
        return text.ToString();
    }

    private static string Html(string subject, List<Section> facts, IReadOnlyList<RuleContribution> reasons, IReadOnlyList<ScoreContribution> events, string link)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").Append(Encode(subject)).Append("</title></head>\n")
            .Append("<body style=\"font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#222\">\n")
            .Append("<h2>").Append(Encode(subject)).Append("</h2>\n");
        foreach (var section in facts)
        {
            html.Append("<h3>").Append(Encode(section.Title)).Append("</h3>\n<table cellpadding=\"3\">\n");
            foreach (var fact in section.Facts)
            {
                html.Append("<tr><th align=\"left\">").Append(Encode(fact.Label)).Append("</th><td>").Append(Encode(fact.Value)).Append("</td></tr>\n");
            }

            html.Append("</table>\n");
        }

        html.Append("<h3>Why this lead is an SQL</h3>\n<table cellpadding=\"3\">\n");
        foreach (var reason in reasons)
        {
            html.Append("<tr><td align=\"right\"><b>").Append(Encode(Points(reason.Points))).Append("</b></td><td>").Append(Encode(ReasonText(reason))).Append("</td></tr>\n");
        }

        html.Append("</table>\n");
        AppendNoneHtml(html, reasons.Count);
        html.Append("<h3>Recent high-intent events</h3>\n<ul>\n");
        foreach (var recent in events)
        {
            html.Append("<li>").Append(Encode(Utc(recent.OccurredAt!.Value))).Append(": ").Append(Encode(EventText(recent))).Append("</li>\n");
        }

        html.Append("</ul>\n");
        AppendNoneHtml(html, events.Count);
        html.Append("<p><a href=\"").Append(Encode(link)).Append("\">Open the lead</a> (").Append(Encode(link)).Append(")</p>\n</body></html>\n");
        return html.ToString();
    }

    private static string ReasonText(RuleContribution reason)
    {
        var label = MailText.OneLine(reason.Label) ?? reason.RuleId;
        var kind = reason.Kind == ScoreKind.Fit ? "fit" : "engagement";
        return reason.Events > 1
            ? string.Create(CultureInfo.InvariantCulture, $"{label} ({kind}, {reason.Events} events)")
            : $"{label} ({kind})";
    }

    private static string EventText(ScoreContribution recent) =>
        $"{MailText.OneLine(recent.Label) ?? recent.RuleId} ({Points(recent.Points)})";

    private static string Bant(BantStatus bant)
    {
        var met = new[] { bant.Budget, bant.Authority, bant.Need, bant.Timeline }.Count(value => value);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{met} of 4: budget {YesNo(bant.Budget)}, authority {YesNo(bant.Authority)}, need {YesNo(bant.Need)}, timeline {YesNo(bant.Timeline)}");
    }

    private static void AppendNone(StringBuilder text, int count)
    {
        if (count == 0)
        {
            text.Append("  (none)\n");
        }
    }

    private static void AppendNoneHtml(StringBuilder html, int count)
    {
        if (count == 0)
        {
            html.Append("<p>(none)</p>\n");
        }
    }

    private static string YesNo(bool value) => value ? "yes" : "no";

    private static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Points(decimal value) => value.ToString("+0.##;-0.##;0", CultureInfo.InvariantCulture);

    private static string Utc(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Encode(string value) => WebUtility.HtmlEncode(value);

    private sealed record Fact(string Label, string Value);

    private sealed record Section(string Title, IReadOnlyList<Fact> Facts);
}
