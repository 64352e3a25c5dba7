using LeadFunctions.Sales;

namespace LeadFunctions.Validation;

/// <summary>
/// Checks the reason and note of a sales action, for the page, the API and the outcome import alike: reject, lost and
/// disqualify need a reason from their configured list, recycle may name one from the recycle list, won may carry a
/// short free reason, accept none; a note is at most 1,000 characters of text.
/// </summary>
public static class SalesActionRules
{
    /// <summary>The errors (field "reason" or "note"), and the reason as configured when it is valid.</summary>
    public static (IReadOnlyList<ValidationError> Errors, string? Reason) Validate(
        SalesActionKind kind,
        string? reason,
        string? note,
        SalesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<ValidationError>();
        var given = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        var canonical = kind switch
        {
            SalesActionKind.Reject => Required(
                given,
                options.FindRejectReason(given)?.Reason,
                "a reject reason",
                [.. options.GetRecycleReasons(), .. options.GetDisqualifyReasons()],
                errors),
            SalesActionKind.Lost => Required(given, options.FindLostReason(given), "a lost reason", options.GetLostReasons(), errors),
            SalesActionKind.Recycle => given is null ? null : Required(
                given,
                options.FindRecycleReason(given),
                "a recycle reason",
                options.GetRecycleReasons(),
                errors),
            SalesActionKind.Won => FreeReason(given, errors),
            SalesActionKind.Disqualify => Required(
                given,
                options.FindDisqualifyReason(given),
                "a disqualify reason",
                options.GetDisqualifyReasons(),
                errors),
            _ => NoReason(given, kind, errors),
        };

        if (note is { Length: > SalesOptions.MaxNoteLength })
        {
            errors.Add(new ValidationError("note", $"must be at most {SalesOptions.MaxNoteLength} characters."));
        }
        else if (note is not null && note.Any(character => char.IsControl(character) && character is not ('\n' or '\r' or '\t')))
        {
            errors.Add(new ValidationError("note", "must be text (no control characters)."));
        }

        return (errors, errors.Count == 0 ? canonical : null);
    }

    private static string? Required(string? given, string? found, string what, IReadOnlyList<string> allowed, List<ValidationError> errors)
    {
        if (found is null)
        {
            var problem = given is null ? "is required: " : "is not ";
            errors.Add(new ValidationError("reason", $"{problem}{what}; one of: {string.Join(", ", allowed)}."));
        }

        return found;
    }

    private static string? FreeReason(string? given, List<ValidationError> errors)
    {
        if (given is { Length: > SalesOptions.MaxReasonLength } || (given is not null && given.Any(char.IsControl)))
        {
            errors.Add(new ValidationError("reason", $"must be one line of at most {SalesOptions.MaxReasonLength} characters."));
        }

        return given;
    }

    private static string? NoReason(string? given, SalesActionKind kind, List<ValidationError> errors)
    {
        if (given is not null)
        {
            errors.Add(new ValidationError("reason", $"is not used with {SalesStatusNames.Of(kind)}."));
        }

        return null;
    }
}
