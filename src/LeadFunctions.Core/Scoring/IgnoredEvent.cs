namespace LeadFunctions.Scoring;

/// <summary>
/// An event the scorer left out because a machine made it (<see cref="Engagement.MachineEngagementClassifier"/>): no
/// points, and it counts toward no cap or repeat limit.
/// </summary>
/// <param name="EventId">The event's id.</param>
/// <param name="Type">Its type ("Email Link Clicked").</param>
/// <param name="OccurredAt">When it happened.</param>
/// <param name="RuleId">The machine rule that matched (<see cref="Engagement.MachineRule"/>).</param>
/// <param name="Reason">The rule's reason for people: "clicked within 10 s of delivery (mail scanner)".</param>
public sealed record IgnoredEvent(string EventId, string Type, DateTimeOffset OccurredAt, string RuleId, string Reason);
