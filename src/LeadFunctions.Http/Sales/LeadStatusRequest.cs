using System.Globalization;
using System.Text.Json;
using LeadFunctions.Leads;
using LeadFunctions.Sales;
using LeadFunctions.Validation;

namespace LeadFunctions.Http.Sales;

/// <summary>
/// Reads the body of <c>POST /api/leads/{leadId}/status</c>:
/// <c>{"status", "reason", "note", "actor", "occurredAt", "externalId"}</c>, every field a string. Each problem is
/// reported with its field's name; values are never echoed.
/// </summary>
public static class LeadStatusRequest
{
    /// <summary>The actor recorded when the caller names none.</summary>
    public const string DefaultActor = "api";

    public const int MaxActorLength = 200;
    public const int MaxExternalIdLength = 200;

    /// <summary>How far in the future <c>occurredAt</c> may be (clock skew).</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    /// <summary>The action and, when the body names an external id, its receipt (with the hash of the body), or the errors.</summary>
    public static (
        SalesAction? Action,
        SalesStatusReceipt? Receipt,
        IReadOnlyList<ValidationError> Errors) Parse(ReadOnlyMemory<byte> body, SalesOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(options);
        Dictionary<string, string?> fields;
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 4 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, null, [new ValidationError("body", "must be a JSON object.")]);
            }

            var errors = new List<ValidationError>();
            fields = Fields(document.RootElement, errors);
            if (errors.Count > 0)
            {
                return (null, null, errors);
            }
        }
        catch (JsonException)
        {
            return (null, null, [new ValidationError("body", "is not valid JSON.")]);
        }

        return Bind(fields, options, now);
    }

    private static Dictionary<string, string?> Fields(JsonElement root, List<ValidationError> errors)
    {
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.String:
                    fields[property.Name] = property.Value.GetString();
                    break;
                case JsonValueKind.Null:
                    fields[property.Name] = null;
                    break;
                default:
                    errors.Add(new ValidationError(property.Name.Length > 40 ? property.Name[..40] : property.Name, "must be a string."));
                    break;
            }
        }

        return fields;
    }

    private static (
        SalesAction?,
        SalesStatusReceipt?,
        IReadOnlyList<ValidationError>) Bind(Dictionary<string, string?> fields, SalesOptions options, DateTimeOffset now)
    {
        var errors = new List<ValidationError>();
        var kind = SalesStatusNames.Parse(fields.GetValueOrDefault("status"));
        if (kind is null)
        {
            errors.Add(new ValidationError("status", $"is required: one of {string.Join(", ", SalesStatusNames.All)}."));
        }

        var (reasonErrors, reason) = kind is { } known
            ? SalesActionRules.Validate(known, fields.GetValueOrDefault("reason"), fields.GetValueOrDefault("note"), options)
            : ([], null);
        errors.AddRange(reasonErrors);
        var actor = OneLine(fields.GetValueOrDefault("actor"), "actor", MaxActorLength, errors) ?? DefaultActor;
        var externalId = OneLine(fields.GetValueOrDefault("externalId"), "externalId", MaxExternalIdLength, errors);
        var occurredAt = OccurredAt(fields.GetValueOrDefault("occurredAt"), now, errors);
        if (errors.Count > 0)
        {
            return (null, null, errors);
        }

        var note = fields.GetValueOrDefault("note");
        var action = new SalesAction(kind!.Value, actor, occurredAt)
        {
            Reason = reason,
            Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
        };
        var givenAt = string.IsNullOrWhiteSpace(fields.GetValueOrDefault("occurredAt")) ? (DateTimeOffset?)null : occurredAt;
        return (action, externalId is null ? null : SalesStatusReceipt.For(externalId, action, givenAt), errors);
    }

    private static string? OneLine(string? value, string field, int maxLength, List<ValidationError> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (value.Length > maxLength || value.Any(char.IsControl))
        {
            errors.Add(new ValidationError(field, $"must be one line of at most {maxLength} characters."));
            return null;
        }

        return value.Trim();
    }

    private static DateTimeOffset OccurredAt(string? value, DateTimeOffset now, List<ValidationError> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return now;
        }

        const DateTimeStyles utc = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        if (value.Length > 40 || !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, utc, out var at))
        {
            errors.Add(new ValidationError("occurredAt", "must be an ISO 8601 date and time, e.g. 2026-11-22T10:00:00Z."));
            return now;
        }

        if (at > now + FutureTolerance || at < now.AddYears(-3))
        {
            errors.Add(new ValidationError("occurredAt", "must not be in the future, nor more than 3 years ago."));
        }

        return at;
    }
}
