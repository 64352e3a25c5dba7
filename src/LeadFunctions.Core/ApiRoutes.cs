namespace LeadFunctions;

/// <summary>
/// The HTTP functions' route templates (relative to the host's <c>routePrefix</c>, "api" by default), named once: the
/// app's <c>[HttpTrigger]</c> attributes take them (attributes take constants), and every <c>Location</c> header and
/// link fills them with <see cref="Fill"/>, so a route is typed in exactly one place.
/// </summary>
public static class ApiRoutes
{
    public const string Leads = "leads";
    public const string Lead = "leads/{leadId}";
    public const string LeadStatus = "leads/{leadId}/status";
    public const string Handoff = "handoffs/{token}";
    public const string Events = "events";
    public const string SegmentWebhook = "webhooks/segment";
    public const string SendGridWebhook = "webhooks/sendgrid";
    public const string Outcomes = "outcomes";
    public const string FunnelReport = "reports/funnel";
    public const string Rescore = "models/rescore";
    public const string Backtests = "models/backtests";
    public const string Backtest = "models/backtests/{id}";
    public const string Suggestions = "models/suggestions";
    public const string Suggestion = "models/suggestions/{id}";
    public const string ModelVersions = "models/versions";
    public const string ModelVersion = "models/versions/{version}";
    public const string PublishModelVersion = "models/versions/{version}/publish";
    public const string Health = "health";

    /// <summary>
    /// The template with its one parameter (<c>{name}</c>) replaced by <paramref name="value"/>, escaped as a path
    /// segment: <c>Fill(Lead, "abc")</c> is <c>leads/abc</c>.
    /// </summary>
    public static string Fill(string template, string value)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(value);
        var open = template.IndexOf('{', StringComparison.Ordinal);
        var close = template.IndexOf('}', StringComparison.Ordinal);
        if (open < 0 || close < open || template.IndexOf('{', close) >= 0)
        {
            throw new ArgumentException($"The route '{template}' does not have exactly one parameter.", nameof(template));
        }

        return string.Concat(template.AsSpan(0, open), Uri.EscapeDataString(value), template.AsSpan(close + 1));
    }
}
