using LeadFunctions.Leads;
using LeadFunctions.Sales;
using LeadFunctions.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Outcomes;

/// <summary>
/// Imports won, lost and disqualified outcomes from a CRM export: checks each line, finds the lead by its normalized
/// email and records the outcome through <see cref="SalesStatusService"/>, whatever the lead's stage, as the status API
/// records won and lost. Each line carries a receipt key derived from email, outcome and time, so importing a file again
/// (or a file that overlaps it) records nothing twice. Leads are worked on <see cref="Parallelism"/> at a time; the
/// lines of one lead go one after another, oldest first, so the lead ends in its latest outcome whatever the file's
/// order; a line older than the lead's latest outcome (a backfill) is kept in its history without moving it. Logs
/// counts only: the lines are email addresses.
/// </summary>
public sealed partial class OutcomeImportService(
    ILeadRepository repository,
    SalesStatusService status,
    IOptions<SalesOptions> options,
    TimeProvider timeProvider,
    ILogger<OutcomeImportService> logger)
{
    /// <summary>Leads imported at once: enough to hide storage latency, few enough to leave the store to others.</summary>
    public const int Parallelism = 8;

    /// <summary>
    /// Imports <paramref name="rows"/>; <paramref name="unreadable"/> are the lines the CSV adapter could not split into
    /// the four fields, counted and listed with the lines that fail the checks here. A storage failure stops the import
    /// and is thrown: what was recorded until then stays, and importing the file again completes it.
    /// </summary>
    public async Task<OutcomeImportResult> ImportAsync(
        IReadOnlyList<OutcomeRow> rows,
        IReadOnlyList<OutcomeLineError> unreadable,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(unreadable);
        var now = timeProvider.GetUtcNow();
        var errors = new List<OutcomeLineError>(unreadable);
        var outcomes = new List<ImportedOutcome>(rows.Count);
        foreach (var row in rows)
        {
            var (outcome, error) = OutcomeRowRules.Validate(row, options.Value, now);
            if (outcome is null)
            {
                errors.Add(new OutcomeLineError(row.Line, error!));
                continue;
            }

            outcomes.Add(outcome);
        }

        var leads = outcomes.GroupBy(outcome => outcome.Email, StringComparer.Ordinal).ToArray();
        var tallies = new LeadTally[leads.Length];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, leads.Length),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (index, token) => tallies[index] = await ImportLeadAsync(leads[index].Key, [.. leads[index]], token));

        var result = Result(tallies, errors);
        LogImported(logger, result.Imported, result.AlreadyRecorded, result.OlderThanCurrent, result.UnknownLeads, result.Rejected);
        return result;
    }

    private async Task<LeadTally> ImportLeadAsync(string email, ImportedOutcome[] outcomes, CancellationToken cancellationToken)
    {
        var lead = await repository.FindLeadByEmailAsync(email, cancellationToken);
        if (lead is null)
        {
            return new LeadTally { UnknownLeads = outcomes.Length };
        }

        var tally = new LeadTally();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var outcome in outcomes.OrderBy(outcome => outcome.Action.OccurredAt).ThenBy(outcome => outcome.Line))
        {
            if (!seen.Add(outcome.ExternalId))
            {
                tally.AlreadyRecorded++;
                continue;
            }

            var receipt = new SalesStatusReceipt(outcome.ExternalId);
            var recorded = await status.RecordAsync(lead.LeadId, outcome.Action, receipt, cancellationToken);
            tally.Count(outcome.Line, recorded?.Transition);
        }

        return tally;
    }

    private static OutcomeImportResult Result(LeadTally[] tallies, List<OutcomeLineError> errors)
    {
        errors.AddRange(tallies.SelectMany(tally => tally.Errors));
        var listed = errors.OrderBy(error => error.Line).Take(OutcomeImportResult.MaxErrors).ToArray();
        return new OutcomeImportResult(
            tallies.Sum(tally => tally.Imported),
            tallies.Sum(tally => tally.AlreadyRecorded),
            tallies.Sum(tally => tally.UnknownLeads),
            errors.Count,
            listed,
            tallies.Sum(tally => tally.OlderThanCurrent));
    }

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Outcome import: {Imported} imported, {AlreadyRecorded} already recorded, {OlderThanCurrent} older than the "
            + "current outcome, {UnknownLeads} for unknown leads, {Rejected} rejected")]
    private static partial void LogImported(
        ILogger logger,
        int imported,
        int alreadyRecorded,
        int olderThanCurrent,
        int unknownLeads,
        int rejected);
}
