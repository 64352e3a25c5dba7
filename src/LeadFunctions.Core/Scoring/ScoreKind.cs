namespace LeadFunctions.Scoring;

/// <summary>Which score a contribution adds to.</summary>
public enum ScoreKind
{
    Fit = 0,
    Engagement = 1,
}
