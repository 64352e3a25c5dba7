namespace LeadFunctions.Outcomes;

/// <summary>
/// One data line of an outcome file (<c>email,outcome,occurredAt,reason</c>) as the CSV adapter read it: the text of
/// each field, unquoted, not yet checked. The line number is where the record starts in the file (the header is line
/// 1), so that an error names the line a person finds in their editor even when a quoted reason spans lines.
/// </summary>
public sealed record OutcomeRow(int Line, string Email, string Outcome, string OccurredAt, string Reason);
