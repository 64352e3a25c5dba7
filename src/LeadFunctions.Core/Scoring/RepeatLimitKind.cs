namespace LeadFunctions.Scoring;

/// <summary>Which of its rule's repeat limits kept an event from counting, if any.</summary>
internal enum RepeatLimitKind
{
    None,

    /// <summary>The rule's <c>maxCount</c> events had already counted.</summary>
    MaxCount,

    /// <summary>An event with the same value of the rule's <c>oncePer</c> property had already counted.</summary>
    OncePer,
}
