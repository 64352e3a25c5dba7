using LeadFunctions.Outcomes;

namespace LeadFunctions.Http.Outcomes;

/// <summary>
/// The answer of <c>POST /api/outcomes</c>: the four counts the issue names, <c>alreadyRecorded</c> for the lines a
/// replay or an earlier line of the file had recorded, <c>olderThanCurrent</c> (left out when 0) for outcomes older than
/// their lead's latest outcome (kept as history, the stage unchanged), the first 100 bad lines, and
/// <c>errorsOmitted</c> (left out when 0) for the bad lines past them.
/// </summary>
public sealed record OutcomeImportResponse(
    int Imported,
    int AlreadyRecorded,
    int? OlderThanCurrent,
    int UnknownLeads,
    int Rejected,
    IReadOnlyList<OutcomeLineError> Errors,
    int? ErrorsOmitted)
{
    public static OutcomeImportResponse From(OutcomeImportResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new OutcomeImportResponse(
            result.Imported,
            result.AlreadyRecorded,
            result.OlderThanCurrent > 0 ? result.OlderThanCurrent : null,
            result.UnknownLeads,
            result.Rejected,
            result.Errors,
            result.ErrorsOmitted > 0 ? result.ErrorsOmitted : null);
    }
}
