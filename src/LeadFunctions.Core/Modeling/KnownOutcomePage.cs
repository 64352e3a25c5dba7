namespace LeadFunctions.Modeling;

/// <summary>
/// One page of leads with a known outcome, the cursor of the next page (null after the last), and how many leads of
/// the page were left out because no stage change records when their outcome was decided.
/// </summary>
public sealed record KnownOutcomePage(IReadOnlyList<KnownOutcome> Outcomes, OutcomeCursor? Next, int Skipped);
