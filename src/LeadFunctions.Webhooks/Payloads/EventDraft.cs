using System.Text.Json;
using LeadFunctions.Engagement;
using LeadFunctions.Validation;

namespace LeadFunctions.Webhooks.Payloads;

/// <summary>
/// One item as a provider parser read it, before the shared checks (<see cref="EventBatch"/>): the event's parts,
/// who it is about, and the problems found while reading. Problems name the field, never its value.
/// </summary>
internal sealed class EventDraft
{
    public const string NotText = "is not valid text";

    public string? EventId { get; set; }

    public string? Type { get; set; }

    public DateTimeOffset? OccurredAt { get; set; }

    public Dictionary<string, string>? Properties { get; set; }

    /// <summary>The email address as received (not yet normalized).</summary>
    public string? Email { get; set; }

    public string? LeadId { get; set; }

    /// <summary>The anonymous visitor id as received (not yet checked).</summary>
    public string? AnonymousId { get; set; }

    /// <summary>
    /// Whether an anonymous visitor id alone says who the item is about (kept for the visitor until it identifies);
    /// false for items that only make sense for a lead (a Segment identify).
    /// </summary>
    public bool AnonymousAllowed { get; set; } = true;

    public LeadTraits? Traits { get; set; }

    /// <summary>The user agent the item came with: only its family is stored (see <see cref="IncomingEvent.UserAgent"/>).</summary>
    public string? UserAgent { get; set; }

    /// <summary>The problem reported when the item names no email address, lead id or (where allowed) anonymous id.</summary>
    public ValidationError MissingLead { get; set; } = new("lead", "email, leadId or anonymousId is required");

    /// <summary>Reads the anonymous visitor id field (a string; its length and characters are checked with the lead).</summary>
    public void ReadAnonymousId(JsonElement item) =>
        AnonymousId = ReadString(item, "anonymousId", AnonymousIdRules.MaxLength * 2, DraftFields.Lead, AnonymousIdRules.Problem);

    public List<ValidationError>? Errors { get; private set; }

    public DraftFields Reported { get; private set; }

    public void Report(DraftFields part, string field, string message)
    {
        (Errors ??= []).Add(new ValidationError(field, message));
        Reported |= part;
    }

    /// <summary>Reads a string field, reporting a wrong type, an over-long value or invalid text under its own name.</summary>
    public string? ReadString(JsonElement item, string name, int maxLength, DraftFields part, string tooLong)
    {
        switch (JsonFields.ReadString(item, name, maxLength, out var value))
        {
            case FieldRead.Ok:
                return value;
            case FieldRead.WrongType:
                Report(part, name, "must be a string");
                break;
            case FieldRead.TooLong:
                Report(part, name, tooLong);
                break;
            case FieldRead.Invalid:
                Report(part, name, NotText);
                break;
        }

        return null;
    }

    /// <summary>
    /// A provider's user agent, read leniently: a string of at most
    /// <see cref="MachineEngagementClassifier.MaxUserAgentLength"/> characters, else nothing (the event is kept without).
    /// </summary>
    public static string? ReadUserAgent(JsonElement holder, string name) =>
        JsonFields.ReadString(holder, name, MachineEngagementClassifier.MaxUserAgentLength, out var userAgent) == FieldRead.Ok
            ? userAgent
            : null;

    /// <summary>Reads a timestamp field (ISO 8601 with an offset, or Unix seconds), reporting one it cannot read.</summary>
    public DateTimeOffset? ReadTime(JsonElement item, string name)
    {
        var read = JsonFields.ReadTime(item, name, out var value);
        if (read is FieldRead.WrongType or FieldRead.Invalid or FieldRead.TooLong)
        {
            Report(DraftFields.OccurredAt, name, "is not ISO 8601 with an offset (2026-11-22T10:00:00Z) or Unix seconds");
        }

        return value;
    }
}
