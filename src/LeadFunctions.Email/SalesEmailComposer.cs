using System.Globalization;
using LeadFunctions.Email.Templates;
using LeadFunctions.Html;
using LeadFunctions.Leads;
using LeadFunctions.Sales;
using LeadFunctions.Scoring;
using static LeadFunctions.Email.SalesEmailText;

namespace LeadFunctions.Email;

/// <summary>
/// Writes the sales hand-off email of a lead: recipient, subject, a plain-text and an HTML body, and the headers that
/// identify the hand-off, with the signed link to the hand-off page. Pure: no I/O, the same input gives the same email.
/// Every value from the lead is made one line in the subject and the plain text (<see cref="SalesEmailText"/>), and
/// HTML-encoded in the HTML part, a Razor component (Templates/HandoffEmail.razor) rendered by <see cref="HtmlTemplates"/>.
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
    private readonly HtmlTemplates _templates;

    public SalesEmailComposer(NotificationOptions options, HandoffLinks links, HtmlTemplates templates)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(links);
        ArgumentNullException.ThrowIfNull(templates);
        _router = new SalesRouter(options);
        _links = links;
        _templates = templates;
        _linkBase = options.PublicBaseUrl.EndsWith('/') ? options.PublicBaseUrl : options.PublicBaseUrl + "/";
        _escalation = string.IsNullOrWhiteSpace(options.EscalationRecipient) ? null : options.EscalationRecipient.Trim();
    }

    /// <summary>The inbox of the lead's hand-off: the first matching route, else the default recipient.</summary>
    public string RecipientFor(Lead lead)
    {
        ArgumentNullException.ThrowIfNull(lead);
        return _router.RecipientFor(lead.Profile);
    }

    public async Task<SalesEmail> ComposeAsync(Lead lead, SalesHandoff handoff, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lead);
        ArgumentNullException.ThrowIfNull(handoff);
        RequireSameLead(lead, handoff);
        var body = BodyOf(lead, handoff, SubjectFor(lead), intro: null);
        var recipient = _router.RecipientFor(lead.Profile);
        var html = await HtmlAsync(body, cancellationToken);
        return new SalesEmail(recipient, body.Subject, PlainText(body), html, MessageIdFor(handoff), HandoffReferenceFor(handoff));
    }

    /// <summary>
    /// The SLA reminder of a hand-off sales has neither accepted nor rejected: to the inbox the hand-off went to (the
    /// escalation inbox copied), saying so first, then the same content and link as the hand-off, with its own Message-ID.
    /// </summary>
    public async Task<SalesEmail> ComposeReminderAsync(
        Lead lead,
        SalesHandoff handoff,
        TimeSpan sla,
        CancellationToken cancellationToken = default)
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
        var (text, html) = (PlainText(body), await HtmlAsync(body, cancellationToken));
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

    private EmailBody BodyOf(Lead lead, SalesHandoff handoff, string subject, string? intro) =>
        new(
            subject,
            intro,
            Facts(lead, handoff),
            TopContributions(lead.Score),
            HighIntentEvents(lead.Score),
            lead.Score?.IgnoredEvents ?? [],
            LinkFor(handoff),
            LinkExpiresAt(handoff));

    private Task<string> HtmlAsync(EmailBody body, CancellationToken cancellationToken) =>
        _templates.RenderAsync<HandoffEmail>(new Dictionary<string, object?> { [nameof(HandoffEmail.Body)] = body }, cancellationToken);

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

    private static List<EmailSection> Facts(Lead lead, SalesHandoff handoff)
    {
        var profile = lead.Profile;
        var name = MailText.OneLine(string.Join(' ', profile.FirstName, profile.LastName));
        var contact = new EmailSection("Contact",
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
        var qualified = new EmailFact("Qualified at", Utc(handoff.QualifiedAt));
        if (score is null)
        {
            return [contact, new EmailSection("Score", [new("Score", "not scored"), qualified])];
        }

        return
        [
            contact,
            new EmailSection("Score",
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
}
