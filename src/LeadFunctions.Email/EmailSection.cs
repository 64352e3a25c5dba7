namespace LeadFunctions.Email;

/// <summary>A titled group of labelled values in an email (Contact, Score).</summary>
public sealed record EmailSection(string Title, IReadOnlyList<EmailFact> Facts);
