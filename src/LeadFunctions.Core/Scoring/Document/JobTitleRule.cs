namespace LeadFunctions.Scoring;

public sealed record JobTitleRule : ScoringRule
{
    /// <summary>A case-insensitive .NET regular expression matched against the job title.</summary>
    public required string Pattern { get; init; }
}
