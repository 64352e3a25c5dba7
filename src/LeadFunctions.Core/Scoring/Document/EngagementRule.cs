namespace LeadFunctions.Scoring;

public sealed record EngagementRule : ScoringRule
{
    /// <summary>Segment-style event name, matched case-insensitively.</summary>
    public required string EventType { get; init; }

    /// <summary>Group of the rule (web, email, content, intent, product, negative); PQL reads the product group.</summary>
    public string Category { get; init; } = "general";

    /// <summary>Every filter must match the event's properties.</summary>
    public IReadOnlyList<PropertyFilter> Where { get; init; } = [];

    /// <summary>Largest absolute number of points the rule can contribute in total (after decay).</summary>
    public decimal? Cap { get; init; }

    /// <summary>Only the first event per distinct value of this property counts (for example one open per emailId).</summary>
    public string? OncePer { get; init; }

    /// <summary>Only the first N matching events count.</summary>
    public int? MaxCount { get; init; }

    /// <summary>Half-life of this rule's points; the model default when absent.</summary>
    public double? HalfLifeDays { get; init; }

    /// <summary>False for points that must not fade (for example an unsubscribe).</summary>
    public bool Decays { get; init; } = true;
}
