namespace LeadFunctions.Scoring;

/// <summary>The BANT evidence in a profile (budget, authority, need, timeline), as the model reads it.</summary>
public readonly record struct BantStatus(bool Budget, bool Authority, bool Need, bool Timeline)
{
    public bool IsComplete => Budget && Authority && Need && Timeline;
}
