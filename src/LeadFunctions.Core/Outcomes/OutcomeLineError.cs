namespace LeadFunctions.Outcomes;

/// <summary>
/// A line of an outcome file that was not imported, and why. The reason names the field and the rule, never the
/// value: an import's answer may be pasted into a ticket, and the values are email addresses.
/// </summary>
public sealed record OutcomeLineError(int Line, string Reason);
