namespace LeadFunctions.Email;

/// <summary>One labelled value in an email, already made one line.</summary>
public sealed record EmailFact(string Label, string Value);
