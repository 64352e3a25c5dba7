namespace LeadFunctions.Visitors;

/// <summary>
/// What storing a visitor's events did: how many were new and how many were stored before, or, when the visitor has
/// joined a lead, nothing stored and the lead they belong to (<see cref="JoinedLeadId"/>).
/// </summary>
public readonly record struct VisitorAppendResult(int Stored, int Duplicates, string? JoinedLeadId)
{
    public static VisitorAppendResult Joined(string leadId) => new(0, 0, leadId);
}
