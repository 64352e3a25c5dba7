using LeadFunctions.Sales;

namespace LeadFunctions.Outcomes;

/// <summary>
/// What the import did with one lead's lines. Each lead's lines are worked on by one task, so a tally needs no lock;
/// the import adds them up at the end.
/// </summary>
internal sealed class LeadTally
{
    public int Imported { get; set; }

    public int AlreadyRecorded { get; set; }

    public int OlderThanCurrent { get; set; }

    public int UnknownLeads { get; set; }

    public List<OutcomeLineError> Errors { get; } = [];

    /// <summary>
    /// Counts the answer to one line: recorded, already there, older than the lead's latest outcome (kept as history),
    /// refused (a bad line) or no lead (erased meanwhile).
    /// </summary>
    public void Count(int line, SalesTransition? transition)
    {
        switch (transition?.Outcome)
        {
            case null:
                UnknownLeads++;
                break;
            case SalesTransitionOutcome.Applied:
                Imported++;
                break;
            case SalesTransitionOutcome.AlreadyInThatState:
                AlreadyRecorded++;
                break;
            case SalesTransitionOutcome.RecordedAsHistory:
                OlderThanCurrent++;
                break;
            default:
                Errors.Add(new OutcomeLineError(line, "not possible from the lead's stage: " + transition.Detail));
                break;
        }
    }
}
