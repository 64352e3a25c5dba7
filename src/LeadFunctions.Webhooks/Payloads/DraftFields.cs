namespace LeadFunctions.Webhooks.Payloads;

/// <summary>The parts of an event that a parser already reported, so that the shared rules do not report them twice.</summary>
[Flags]
internal enum DraftFields
{
    None = 0,
    EventId = 1,
    Type = 2,
    OccurredAt = 4,
    Properties = 8,
    Lead = 16,
}
