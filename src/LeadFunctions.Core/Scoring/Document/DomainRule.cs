namespace LeadFunctions.Scoring;

/// <summary>Matches an email domain or any of its subdomains.</summary>
public sealed record DomainRule : ScoringRule
{
    public required IReadOnlyList<string> Domains { get; init; }
}
