namespace LeadFunctions.Notifications;

/// <summary>What one dispatch run did with the due hand-offs.</summary>
public sealed record HandoffDispatchResult(int Sent, int Retrying, int Failed);
