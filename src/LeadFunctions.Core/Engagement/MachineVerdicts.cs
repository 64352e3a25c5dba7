using System.Diagnostics.CodeAnalysis;

namespace LeadFunctions.Engagement;

/// <summary>
/// The machine verdicts of one lead's events (<see cref="MachineEngagementClassifier.Classify"/>), by event id: the
/// events no rule matched are a person's. Allocates nothing for a lead without machine events.
/// </summary>
public sealed class MachineVerdicts
{
    private readonly Dictionary<string, MachineVerdict>? _byEventId;

    internal MachineVerdicts(Dictionary<string, MachineVerdict>? byEventId) => _byEventId = byEventId is { Count: > 0 } ? byEventId : null;

    /// <summary>No event is a machine's.</summary>
    public static MachineVerdicts None { get; } = new(null);

    /// <summary>How many events (distinct ids) are a machine's.</summary>
    public int Count => _byEventId?.Count ?? 0;

    /// <summary>The verdict of <paramref name="engagementEvent"/>: a machine's, or <see cref="MachineVerdict.Person"/>.</summary>
    public MachineVerdict Of(EngagementEvent engagementEvent)
    {
        ArgumentNullException.ThrowIfNull(engagementEvent);
        return TryGetMachine(engagementEvent.EventId, out var verdict) ? verdict : MachineVerdict.Person;
    }

    /// <summary>The verdict of the event with <paramref name="eventId"/> when it is a machine's.</summary>
    internal bool TryGetMachine(string eventId, [NotNullWhen(true)] out MachineVerdict? verdict)
    {
        if (_byEventId is null)
        {
            verdict = null;
            return false;
        }

        return _byEventId.TryGetValue(eventId, out verdict);
    }
}
