namespace LeadFunctions.ModelVersions;

/// <summary>The answer to a publish: its outcome, the versions live after and before it, or why it was refused.</summary>
public sealed record PublishResult(PublishOutcome Outcome, string? Live, string? Previous, string? Detail)
{
    public static PublishResult Published(string live, string previous) => new(PublishOutcome.Published, live, previous, null);

    public static PublishResult Refused(PublishOutcome outcome, string detail) => new(outcome, null, null, detail);
}
