namespace LeadFunctions.Email;

/// <summary>What a model review email says, written once into its plain text and its HTML part.</summary>
/// <param name="Subject">The subject, one line.</param>
/// <param name="Findings">What the review found (drift, a better candidate), one sentence each.</param>
/// <param name="Figures">The figures as labelled values: live AUC now and when published, the candidate's, the outcomes.</param>
/// <param name="Notes">What the figures could not say (no backtest, a refused suggestion).</param>
/// <param name="PageLink">The models page; null when no public base URL is set.</param>
/// <param name="NextSteps">What to do about it, one step each.</param>
public sealed record ReviewEmailBody(
    string Subject,
    IReadOnlyList<string> Findings,
    IReadOnlyList<EmailFact> Figures,
    IReadOnlyList<string> Notes,
    string? PageLink,
    IReadOnlyList<string> NextSteps);
