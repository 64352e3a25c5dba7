using LeadFunctions.Leads;

namespace LeadFunctions.Engagement;

/// <summary>
/// An engagement event received from a source (a webhook provider or the canonical API), validated against the
/// scoring model and ready to store. <see cref="Source"/> scopes the event id: "segment", "sendgrid", "api", "form".
/// </summary>
public sealed record IncomingEvent(string Source, LeadReference Lead, EngagementEvent Event, LeadTraits? Traits = null)
{
    /// <summary>
    /// The user agent the event came with (SendGrid <c>useragent</c>, Segment <c>context.userAgent</c>, the canonical
    /// <c>userAgent</c>), at most <see cref="MachineEngagementClassifier.MaxUserAgentLength"/> characters. Personal data:
    /// never stored nor logged; ingestion keeps only its family (<see cref="MachineEngagementClassifier.UserAgentFamily"/>).
    /// </summary>
    public string? UserAgent { get; init; }

    /// <summary>Never prints the user agent (nor, through <see cref="LeadReference"/>, the email address).</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Source = ").Append(Source).Append(", Lead = ").Append(Lead).Append(", Event = ").Append(Event.EventId);
        return true;
    }
}
