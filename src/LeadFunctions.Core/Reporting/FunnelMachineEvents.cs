namespace LeadFunctions.Reporting;

/// <summary>
/// The events machines made (mail privacy proxies, mail scanners, bots) that rescores in the period left out of leads'
/// scores: how many in all, and per machine rule (<see cref="Engagement.MachineRule"/>; rules with none are left out).
/// </summary>
public sealed record FunnelMachineEvents(long Total, IReadOnlyDictionary<string, long> ByRule)
{
    public static FunnelMachineEvents None { get; } = new(0, new Dictionary<string, long>());
}
