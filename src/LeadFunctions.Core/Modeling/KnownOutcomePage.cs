namespace LeadFunctions.Modeling;

/// <summary>
/// One page of leads with a known outcome, the cursor of the next page (null after the last), and how many leads of
/// the page were left out: no stage change records when their outcome was decided, or they left the outcome stage
/// since the index row was written. Erased leads are not counted.
/// </summary>
public sealed record KnownOutcomePage(IReadOnlyList<KnownOutcome> Outcomes, OutcomeCursor? Next, int Skipped);
