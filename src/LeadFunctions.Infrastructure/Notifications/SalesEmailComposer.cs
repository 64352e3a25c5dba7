using System.Globalization;
using System.Net;
using System.Text;
using LeadFunctions.Leads;
using LeadFunctions.Scoring;

namespace LeadFunctions.Infrastructure.Notifications;

/// <summary>The sales hand-off email: subject, plain text and HTML (every value HTML-encoded).</summary>
public sealed class SalesEmailComposer(NotificationOptions options)
{
    public const int TopContributions = 5;

    public static string Subject(Lead lead)
    {
        ArgumentNullException.ThrowIfNull(lead);
        var company = OneLine(lead.Profile.Company) ?? lead.Profile.EmailDomain;
        if (string.IsNullOrEmpty(company))
        {
            company = "unknown company";
        }

        return $"New SQL: {company} (grade {lead.Score?.Grade ?? "?"})";
    }

    public string Recipient(Lead lead)
    {
        ArgumentNullException.ThrowIfNull(lead);
        return options.Routes.FirstOrDefault(route => route.Matches(lead.Profile))?.Recipient ?? options.DefaultRecipient;
    }

    public string Link(Lead lead)
    {
        ArgumentNullException.ThrowIfNull(lead);
        return options.LeadLinkBaseUrl.TrimEnd('/') + "/" + lead.LeadId;
    }

    public string PlainText(Lead lead)
    {
        ArgumentNullException.ThrowIfNull(lead);
        var text = new StringBuilder();
        foreach (var (label, value) in Facts(lead))
        {
            text.Append(CultureInfo.InvariantCulture, $"{label}: {value}\n");
        }

        text.Append("\nWhy this lead is an SQL:\n");
        foreach (var reason in Reasons(lead))
        {
            text.Append(CultureInfo.InvariantCulture, $"  {reason.Points,8:+0.##;-0.##}  {reason.Label}{(reason.Events > 1 ? $" ({reason.Events} events)" : string.Empty)}\n");
        }

        text.Append("\nRecent high-intent events:\n");
        foreach (var recent in RecentIntent(lead))
        {
            text.Append(CultureInfo.InvariantCulture, $"  {recent.OccurredAt:yyyy-MM-dd HH:mm} UTC  {recent.Label}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"\nOpen the lead: {Link(lead)}\n");
        return text.ToString();
    }

    public string Html(Lead lead)
    {
        ArgumentNullException.ThrowIfNull(lead);
        var html = new StringBuilder("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">");
        html.Append(CultureInfo.InvariantCulture, $"<h2>{Encode(Subject(lead))}</h2><table>");
        foreach (var (label, value) in Facts(lead))
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><th align=\"left\">{Encode(label)}</th><td>{Encode(value)}</td></tr>");
        }

        html.Append("</table><h3>Why this lead is an SQL</h3><ul>");
        foreach (var reason in Reasons(lead))
        {
            html.Append(CultureInfo.InvariantCulture, $"<li><b>{reason.Points:+0.##;-0.##}</b> {Encode(reason.Label)}</li>");
        }

        html.Append("</ul><h3>Recent high-intent events</h3><ul>");
        foreach (var recent in RecentIntent(lead))
        {
            html.Append(CultureInfo.InvariantCulture, $"<li>{recent.OccurredAt:yyyy-MM-dd HH:mm} UTC: {Encode(recent.Label)}</li>");
        }

        html.Append(CultureInfo.InvariantCulture, $"</ul><p><a href=\"{Encode(Link(lead))}\">Open the lead</a></p></body></html>");
        return html.ToString();
    }

    private static IEnumerable<(string Label, string Value)> Facts(Lead lead)
    {
        var profile = lead.Profile;
        var score = lead.Score;
        var name = string.Join(' ', new[] { profile.FirstName, profile.LastName }.Where(part => !string.IsNullOrWhiteSpace(part)));
        yield return ("Name", name.Length > 0 ? name : "(not given)");
        yield return ("Email", profile.Email);
        yield return ("Phone", profile.Phone ?? "(not given)");
        yield return ("Job title", profile.JobTitle ?? "(not given)");
        yield return ("Company", profile.Company ?? "(not given)");
        yield return ("Company size", profile.CompanySize?.ToString(CultureInfo.InvariantCulture) ?? "(not given)");
        yield return ("Country", profile.Country ?? "(not given)");
        yield return ("Grade", score?.Grade ?? "?");
        yield return ("Fit score", (score?.FitScore ?? 0).ToString(CultureInfo.InvariantCulture));
        yield return ("Engagement score", (score?.EngagementScore ?? 0).ToString(CultureInfo.InvariantCulture));
        yield return ("PQL", score?.IsPql == true ? "yes" : "no");
        if (score is not null)
        {
            var bant = score.Bant;
            yield return ("BANT", $"budget {Mark(bant.Budget)}, authority {Mark(bant.Authority)}, need {Mark(bant.Need)}, timeline {Mark(bant.Timeline)}");
        }
    }

    private static IEnumerable<RuleContribution> Reasons(Lead lead) =>
        (lead.Score?.Breakdown ?? []).Where(c => c.Points > 0).OrderByDescending(c => c.Points).Take(TopContributions);

    private static IEnumerable<ScoreContribution> RecentIntent(Lead lead) =>
        (lead.Score?.RecentEvents ?? []).Where(e => e.BasePoints >= 10).Take(5);

    private static string Mark(bool value) => value ? "yes" : "no";

    private static string Encode(string value) => WebUtility.HtmlEncode(value);

    private static string? OneLine(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : string.Concat(value.Where(ch => !char.IsControl(ch))).Trim();
}
