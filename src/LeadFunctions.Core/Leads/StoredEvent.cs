using LeadFunctions.Engagement;

namespace LeadFunctions.Leads;

/// <summary>An engagement event as stored, with the source that scopes its id.</summary>
public sealed record StoredEvent(string Source, EngagementEvent Event);
