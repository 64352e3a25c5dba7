using LeadFunctions.Leads;

namespace LeadFunctions.Engagement;

/// <summary>
/// An engagement event received from a source (a webhook provider or the canonical API), validated against the
/// scoring model and ready to store. <see cref="Source"/> scopes the event id: "segment", "sendgrid", "api", "form".
/// </summary>
public sealed record IncomingEvent(string Source, LeadReference Lead, EngagementEvent Event, LeadTraits? Traits = null);
