using System.Text.Json.Serialization;

namespace LeadFunctions.Leads;

/// <summary>
/// Older stage changes of one transition, compacted: how many times the lead went from <see cref="From"/> to
/// <see cref="To"/> (or, <see cref="RecordedAsHistory"/>, how many older outcomes to it were kept as history only), and
/// the first and last time. The stage history keeps its newest changes in full and these counts for the rest.
/// </summary>
public sealed record StageTransitionCount(LeadStage From, LeadStage To, int Count, DateTimeOffset FirstAt, DateTimeOffset LastAt)
{
    /// <summary>True for outcomes that were kept as history without moving the lead (written only when true).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool RecordedAsHistory { get; init; }
}
