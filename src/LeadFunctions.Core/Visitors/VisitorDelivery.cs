namespace LeadFunctions.Visitors;

/// <summary>
/// Where a visitor's events went: kept for the visitor (<see cref="LeadId"/> null), or stored on the lead it joined,
/// with what that changed there (new or repeated events, or events a join cut short left behind and moved now).
/// </summary>
public readonly record struct VisitorDelivery(int Stored, int Duplicates, string? LeadId, bool LeadChanged);
