namespace LeadFunctions.Notifications;

/// <summary>What <see cref="OutboxStep"/> did with one due email.</summary>
public enum OutboxOutcome
{
    /// <summary>Another worker claimed it first, or its lead was erased: nothing sent.</summary>
    Skipped,

    /// <summary>The relay accepted it.</summary>
    Sent,

    /// <summary>The send failed; it is pending again after a backoff.</summary>
    Retrying,

    /// <summary>The send failed for the last allowed time; it is failed and visible.</summary>
    Failed,
}
