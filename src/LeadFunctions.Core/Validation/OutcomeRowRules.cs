using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LeadFunctions.Leads;
using LeadFunctions.Outcomes;
using LeadFunctions.Sales;

namespace LeadFunctions.Validation;

/// <summary>
/// Checks one line of an outcome file and turns it into the sales action it records. The outcome word is won, lost or
/// disqualified (any case); the time is ISO 8601 with an offset, or a date alone (midnight UTC), neither in the future
/// nor older than 3 years, as the status API allows. A CRM's reason is free text: it is kept as the action's reason when
/// the status API would take it as one (a configured lost or disqualify reason, a short one-line won reason), and
/// otherwise kept whole as the note, with the reason <see cref="ImportedReason"/>, so no export is refused for its wording.
/// </summary>
public static class OutcomeRowRules
{
    /// <summary>The reason recorded when the file's reason is not one the configured lists know.</summary>
    public const string ImportedReason = "imported";

    /// <summary>Who the history says recorded an imported outcome.</summary>
    public const string Actor = "import";

    /// <summary>How far in the future a time may be (clock skew), as in the status API.</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    private static readonly string[] DateTimeFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
        "yyyy-MM-dd'T'HH:mmzzz",
        "yyyy-MM-dd'T'HH:mm'Z'",
    ];

    /// <summary>The outcome to record, or why the line is bad (naming the field, never echoing its value).</summary>
    public static (ImportedOutcome? Outcome, string? Error) Validate(OutcomeRow row, SalesOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(options);
        if (!EmailAddress.TryNormalize(row.Email, out var email, out var emailProblem))
        {
            return (null, $"email {emailProblem}.");
        }

        if (Kind(row.Outcome) is not { } kind)
        {
            return (null, "outcome must be won, lost or disqualified.");
        }

        var (at, timeError) = OccurredAt(row.OccurredAt, now);
        if (timeError is not null)
        {
            return (null, timeError);
        }

        var reason = row.Reason.Trim();
        if (reason.Length > SalesOptions.MaxNoteLength)
        {
            return (null, $"reason is too long: at most {SalesOptions.MaxNoteLength} characters.");
        }

        if (reason.Any(character => char.IsControl(character) && character is not ('\n' or '\r' or '\t')))
        {
            return (null, "reason must be text (no control characters).");
        }

        var action = WithReason(new SalesAction(kind, Actor, at), reason, options);
        return (new ImportedOutcome(row.Line, email, action, ExternalId(email, kind, at)), null);
    }

    /// <summary>
    /// The receipt key of an imported outcome: <c>import:</c> and the hex SHA-256 of the normalized email, the outcome
    /// word and the time in UTC ticks. The same line, in any file, in any offset, gives the same key; no email is kept
    /// in it.
    /// </summary>
    public static string ExternalId(string normalizedEmail, SalesActionKind kind, DateTimeOffset occurredAt)
    {
        var key = string.Create(CultureInfo.InvariantCulture, $"{normalizedEmail}|{SalesStatusNames.Of(kind)}|{occurredAt.UtcTicks}");
        return "import:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    private static SalesActionKind? Kind(string outcome) => outcome.Trim().ToLowerInvariant() switch
    {
        "won" => SalesActionKind.Won,
        "lost" => SalesActionKind.Lost,
        "disqualified" => SalesActionKind.Disqualify,
        _ => null,
    };

    private static (DateTimeOffset At, string? Error) OccurredAt(string value, DateTimeOffset now)
    {
        var text = value.Trim();
        var styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        var parsed = text.Length == 10
            ? DateTimeOffset.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, styles, out var at)
            : DateTimeOffset.TryParseExact(text, DateTimeFormats, CultureInfo.InvariantCulture, styles, out at);
        if (!parsed)
        {
            return (default, "occurredAt must be ISO 8601 with an offset (2026-11-22T10:00:00Z, 2026-11-22T11:00:00+01:00) "
                + "or a date (2026-11-22).");
        }

        return at > now + FutureTolerance || at < now.AddYears(-3)
            ? (at, "occurredAt must not be in the future, nor more than 3 years ago.")
            : (at, null);
    }

    private static SalesAction WithReason(SalesAction action, string reason, SalesOptions options)
    {
        var (errors, configured) = SalesActionRules.Validate(action.Kind, reason, null, options);
        if (errors.Count == 0)
        {
            return action with { Reason = configured };
        }

        return action with { Reason = ImportedReason, Note = reason.Length == 0 ? null : reason };
    }
}
