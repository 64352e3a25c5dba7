namespace LeadFunctions.Scoring;

/// <summary>One value of a captured field of a lead (a field can have several: each word of a job title).</summary>
/// <param name="Field">The field's name (<see cref="CapturedFields.Names"/>).</param>
/// <param name="Value">The value as captured, trimmed (compared ignoring case).</param>
public readonly record struct CapturedValue(string Field, string Value);
