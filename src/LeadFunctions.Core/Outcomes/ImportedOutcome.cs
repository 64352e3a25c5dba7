using LeadFunctions.Sales;

namespace LeadFunctions.Outcomes;

/// <summary>A checked line of an outcome file: the lead's email (normalized) and the sales action it records.</summary>
/// <param name="Line">The line of the file it came from.</param>
/// <param name="Email">The normalized email that finds the lead.</param>
/// <param name="Action">Won, Lost or Disqualify, with its time, reason and note.</param>
/// <param name="ExternalId">The receipt key derived from email, outcome and time: a replay of the line records nothing.</param>
public sealed record ImportedOutcome(int Line, string Email, SalesAction Action, string ExternalId);
