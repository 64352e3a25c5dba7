namespace LeadFunctions.Engagement;

/// <summary>
/// Whether an event was a machine's (a mail privacy proxy, a mail scanner, a bot) and so counts for nothing, with the
/// rule that decided it (<see cref="MachineRule"/>) and the reason in words for people ("clicked within 10 s of delivery
/// (mail scanner)"). A person's event has neither.
/// </summary>
public sealed record MachineVerdict
{
    private MachineVerdict(bool isMachine, string? ruleId, string? reason) => (IsMachine, RuleId, Reason) = (isMachine, ruleId, reason);

    /// <summary>The verdict of every event no rule matched.</summary>
    public static MachineVerdict Person { get; } = new(false, null, null);

    public bool IsMachine { get; }

    public string? RuleId { get; }

    public string? Reason { get; }

    /// <summary>A machine's event, by <paramref name="ruleId"/>, for <paramref name="reason"/>.</summary>
    public static MachineVerdict Machine(string ruleId, string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(ruleId);
        ArgumentException.ThrowIfNullOrEmpty(reason);
        return new(true, ruleId, reason);
    }
}
