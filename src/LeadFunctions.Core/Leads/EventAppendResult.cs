namespace LeadFunctions.Leads;

/// <summary>How many events were new and how many had been stored before.</summary>
public readonly record struct EventAppendResult(int Stored, int Duplicates);
