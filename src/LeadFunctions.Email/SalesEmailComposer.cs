using System.Globalization;
using System.Net;
using System.Text;
using LeadFunctions.Leads;
using LeadFunctions.Sales;
using LeadFunctions.Scoring;

namespace LeadFunctions.Email;

/// <summary>
/// Writes the sales hand-off email of a lead: recipient, subject, a plain-text and an HTML body, and the headers that
/// identify the hand-off, with the signed link to the hand-off page. Pure: no I/O, the same input gives the same email.
/// Every value from the lead is made one line in the subject and the plain text, and HTML-encoded in the HTML.
/// </summary>
public sealed class SalesEmailComposer
{
    /// <summary>How many rule contributions explain "why this lead is an SQL".</summary>
    public const int TopContributionCount = 5;

    /// <summary>How many recent high-intent events are listed.</summary>
    public const int HighIntentEventCount = 5;

    /// <summary>
    /// An event is high-intent when its rule gives at least this many points before decay (demo request 30, pricing page 10 …).
    /// </summary>
    public const decimal HighIntentMinPoints = 10;

    /// <summary>What the email's link does, as its text says.</summary>
    public const string ActionLine = "Accept or reject this lead";

    private const string NotGiven = "not given";
    private const int SubjectCompanyMaxLength = 80;

    private readonly SalesRouter _router;
    private readonly HandoffLinks _links;
    private readonly string _linkBase;
    private readonly string? _escalation;

    public SalesEmailComposer(NotificationOptions options, HandoffLinks links)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(links);
        _router = new SalesRouter(options);
        _links = links;
        _linkBase = options.PublicBaseUrl.EndsWith('/') ? options.PublicBaseUrl : options.PublicBaseUrl + "/";
        _escalation = string.IsNullOrWhiteSpace(options.EscalationRecipient) ? null : options.EscalationRecipient.Trim();
    }

    /// <summary>The inbox of the lead's hand-off: the first matching route, else the default recipient.</summary>
    public string RecipientFor(Lead lead)
    {
        ArgumentNullException.ThrowIfNull(lead);
        return _router.RecipientFor(lead.Profile);
    }

    public SalesEmail Compose(Lead lead, SalesHandoff handoff)
    {
        ArgumentNullException.ThrowIfNull(lead);
        ArgumentNullException.ThrowIfNull(handoff);
        RequireSameLead(lead, handoff);
        var body = BodyOf(lead, handoff, SubjectFor(lead), intro: null);
        var recipient = _router.RecipientFor(lead.Profile);
        return new SalesEmail(recipient, body.Subject, PlainText(body), Html(body), MessageIdFor(handoff), HandoffReferenceFor(handoff));
    }

    /// <summary>
    /// The SLA reminder of a hand-off sales has neither accepted nor rejected: to the inbox the hand-off went to (the
    /// escalation inbox copied), saying so first, then the same content and link as the hand-off, with its own Message-ID.
    /// </summary>
    public SalesEmail ComposeReminder(Lead lead, SalesHandoff handoff, TimeSpan sla)
    {
        ArgumentNullException.ThrowIfNull(lead);
        ArgumentNullException.ThrowIfNull(handoff);
        RequireSameLead(lead, handoff);
        var recipient = handoff.Recipient ?? _router.RecipientFor(lead.Profile);
        var intro = string.Create(
            CultureInfo.InvariantCulture,
            $"This sales-qualified lead was handed to {recipient} on {Utc(handoff.SentAt ?? handoff.QualifiedAt)} and has been "
            + $"neither accepted nor rejected within the SLA of {sla.TotalHours:0.#} hours.");
        var body = BodyOf(lead, handoff, ReminderSubjectFor(lead), intro);
        var (text, html) = (PlainText(body), Html(body));
        return new SalesEmail(recipient, body.Subject, text, html, ReminderMessageIdFor(handoff), HandoffReferenceFor(handoff))
        {
            Copy = _escalation,
        };
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

    /// <summary>"Reminder: accept or reject Northwind (grade A)".</summary>
    public static string ReminderSubjectFor(Lead lead)
    {
        ArgumentNullException.ThrowIfNull(lead);
        return "Reminder: accept or reject " + SubjectFor(lead)["New SQL: ".Length..];
    }

    /// <summary>
    /// The reminder's Message-ID: <c>&lt;reminder.{handoffId}.{leadId}@leadfunctions&gt;</c>, the same for every send of it.
    /// </summary>
    public static string ReminderMessageIdFor(SalesHandoff handoff)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        RequireIds(handoff);
        return $"<reminder.{handoff.HandoffId}.{handoff.LeadId}@leadfunctions>";
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

    /// <summary>
    /// The link to the hand-off page: <see cref="NotificationOptions.PublicBaseUrl"/> and <see cref="ApiRoutes.Handoff"/>
    /// filled with the signed token (no personal data; the same for every send of the hand-off).
    /// </summary>
    public string LinkFor(SalesHandoff handoff)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        RequireIds(handoff);
        return _linkBase + ApiRoutes.Fill(ApiRoutes.Handoff, _links.CreateToken(handoff.LeadId, handoff.HandoffId));
    }

    /// <summary>When the link in the hand-off's emails stops working.</summary>
    public DateTimeOffset LinkExpiresAt(SalesHandoff handoff)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        return _links.ExpiresAt(handoff.QualifiedAt);
    }

    /// <summary>The largest positive rule contributions, largest first (ties keep the model's order).</summary>
    public static IReadOnlyList<RuleContribution> TopContributions(StoredScore? score) =>
        [.. (score?.Breakdown ?? []).Where(c => c.Points > 0).OrderByDescending(c => c.Points).Take(TopContributionCount)];

    /// <summary>The newest events whose rule gives at least <see cref="HighIntentMinPoints"/> points, newest first.</summary>
    public static IReadOnlyList<ScoreContribution> HighIntentEvents(StoredScore? score) =>
        [.. (score?.RecentEvents ?? [])
            .Where(e => e.BasePoints >= HighIntentMinPoints && e.OccurredAt is not null)
            .OrderByDescending(e => e.OccurredAt)
            .Take(HighIntentEventCount)];

    private Body BodyOf(Lead lead, SalesHandoff handoff, string subject, string? intro) =>
        new(
            subject,
            intro,
            Facts(lead, handoff),
            TopContributions(lead.Score),
            HighIntentEvents(lead.Score),
            LinkFor(handoff),
            LinkExpiresAt(handoff));

    private static void RequireSameLead(Lead lead, SalesHandoff handoff)
    {
        if (!string.Equals(lead.LeadId, handoff.LeadId, StringComparison.Ordinal))
        {
            throw new ArgumentException("The hand-off belongs to another lead.", nameof(handoff));
        }
    }

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

    private static string PlainText(Body body)
    {
        var text = new StringBuilder();
        text.Append(body.Subject).Append("\n\n");
        if (body.Intro is not null)
        {
            text.Append(body.Intro).Append("\n\n");
        }

        text.Append(ActionLine).Append(": ").Append(body.Link).Append('\n').Append(LinkNote(body.LinkExpiresAt)).Append("\n\n");
        foreach (var section in body.Facts)
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
        foreach (var reason in body.Reasons)
        {
            text.Append("  ").Append(Points(reason.Points).PadLeft(7)).Append("  ").Append(ReasonText(reason)).Append('\n');
        }

        AppendNone(text, body.Reasons.Count);
        text.Append("\nRecent high-intent events\n");
        foreach (var recent in body.Events)
        {
            text.Append("  ").Append(Utc(recent.OccurredAt!.Value)).Append("  ").Append(EventText(recent)).Append('\n');
        }

        AppendNone(text, body.Events.Count);
        text.Append('\n').Append(ActionLine).Append(": ").Append(body.Link).Append('\n');
        return text.ToString();
    }

    private static string Html(Body body)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").Append(Encode(body.Subject))
            .Append("</title></head>\n")
            .Append("<body style=\"font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#222\">\n")
            .Append("<h2>").Append(Encode(body.Subject)).Append("</h2>\n");
        if (body.Intro is not null)
        {
            html.Append("<p><b>").Append(Encode(body.Intro)).Append("</b></p>\n");
        }

        AppendActionHtml(html, body);
        AppendFactsHtml(html, body.Facts);
        AppendReasonsHtml(html, body.Reasons);
        AppendEventsHtml(html, body.Events);
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static void AppendFactsHtml(StringBuilder html, IReadOnlyList<Section> sections)
    {
        foreach (var section in sections)
        {
            html.Append("<h3>").Append(Encode(section.Title)).Append("</h3>\n<table cellpadding=\"3\">\n");
            foreach (var fact in section.Facts)
            {
                html.Append("<tr><th align=\"left\">").Append(Encode(fact.Label))
                    .Append("</th><td>").Append(Encode(fact.Value)).Append("</td></tr>\n");
            }

            html.Append("</table>\n");
        }
    }

    private static void AppendReasonsHtml(StringBuilder html, IReadOnlyList<RuleContribution> reasons)
    {
        html.Append("<h3>Why this lead is an SQL</h3>\n<table cellpadding=\"3\">\n");
        foreach (var reason in reasons)
        {
            html.Append("<tr><td align=\"right\"><b>").Append(Encode(Points(reason.Points)))
                .Append("</b></td><td>").Append(Encode(ReasonText(reason))).Append("</td></tr>\n");
        }

        html.Append("</table>\n");
        AppendNoneHtml(html, reasons.Count);
    }

    private static void AppendEventsHtml(StringBuilder html, IReadOnlyList<ScoreContribution> events)
    {
        html.Append("<h3>Recent high-intent events</h3>\n<ul>\n");
        foreach (var recent in events)
        {
            html.Append("<li>").Append(Encode(Utc(recent.OccurredAt!.Value))).Append(": ")
                .Append(Encode(EventText(recent))).Append("</li>\n");
        }

        html.Append("</ul>\n");
        AppendNoneHtml(html, events.Count);
    }

    /// <summary>The one action of the email, as a big link (a button in most mail clients), with what it does and its limits.</summary>
    private static void AppendActionHtml(StringBuilder html, Body body) =>
        html.Append("<p><a href=\"").Append(Encode(body.Link))
            .Append("\" style=\"display:inline-block;background:#1a7f37;color:#ffffff;padding:12px 20px;border-radius:6px;")
            .Append("font-weight:bold;text-decoration:none\">")
            .Append(ActionLine).Append("</a></p>\n<p style=\"color:#555;font-size:12px\">").Append(Encode(LinkNote(body.LinkExpiresAt)))
            .Append("<br>").Append(Encode(body.Link)).Append("</p>\n");

    private static string LinkNote(DateTimeOffset expiresAt) =>
        $"The link opens the lead's page, where you accept or reject it, without a login until {Utc(expiresAt)}. "
        + "Anyone with the link can act on the lead: do not forward this email.";

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
            $"{met} of 4: budget {YesNo(bant.Budget)}, authority {YesNo(bant.Authority)}, "
            + $"need {YesNo(bant.Need)}, timeline {YesNo(bant.Timeline)}");
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

    private sealed record Body(
        string Subject,
        string? Intro,
        List<Section> Facts,
        IReadOnlyList<RuleContribution> Reasons,
        IReadOnlyList<ScoreContribution> Events,
        string Link,
        DateTimeOffset LinkExpiresAt);
}
