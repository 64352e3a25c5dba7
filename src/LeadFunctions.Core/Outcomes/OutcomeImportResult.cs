namespace LeadFunctions.Outcomes;

/// <summary>What an outcome import did, line by line counted.</summary>
/// <param name="Imported">Outcomes recorded now (each moved its lead into Won, Lost or Disqualified).</param>
/// <param name="AlreadyRecorded">
/// Lines that changed nothing because the outcome was there already: recorded by an earlier import of the same line, by
/// an earlier line of the same file, or the lead was already in that stage.
/// </param>
/// <param name="UnknownLeads">Lines whose email has no lead (never captured, or erased): ignored.</param>
/// <param name="OlderThanCurrent">
/// Outcomes older than their lead's latest outcome: kept in its stage history (they happened), the lead's stage unchanged.
/// </param>
/// <param name="Rejected">Every bad line, also those past the <see cref="MaxErrors"/> listed.</param>
/// <param name="Errors">The first <see cref="MaxErrors"/> bad lines, by line number.</param>
public sealed record OutcomeImportResult(
    int Imported,
    int AlreadyRecorded,
    int UnknownLeads,
    int Rejected,
    IReadOnlyList<OutcomeLineError> Errors,
    int OlderThanCurrent = 0)
{
    /// <summary>How many bad lines the answer lists: enough to fix a file's pattern of mistakes, small whatever the file.</summary>
    public const int MaxErrors = 100;

    /// <summary>Bad lines counted in <see cref="Rejected"/> but not listed in <see cref="Errors"/>.</summary>
    public int ErrorsOmitted => Rejected - Errors.Count;
}
