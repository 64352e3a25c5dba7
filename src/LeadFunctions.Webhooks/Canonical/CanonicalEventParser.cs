using System.Text.Json;
using LeadFunctions.Engagement;
using LeadFunctions.Leads;
using LeadFunctions.Scoring;
using LeadFunctions.Validation;
using LeadFunctions.Webhooks.Payloads;

namespace LeadFunctions.Webhooks.Canonical;

/// <summary>
/// The project's own event format (<c>POST /api/events</c>): one object, or an array of at most 1,000 objects
/// <c>{"eventId","email"|"leadId","anonymousId","type","occurredAt","properties","userAgent"}</c>: an email or a lead
/// id, an anonymous visitor id, or both (the event identifies the visitor). Each item is checked on its own. The optional
/// <c>userAgent</c> (or <c>properties.userAgent</c>) is kept only as its family.
/// </summary>
public sealed class CanonicalEventParser(IScoringModelSource models, TimeProvider timeProvider) : IWebhookPayloadParser
{
    public const string SourceName = "api";

    /// <summary>Lead ids are 32 characters; anything much longer is not read into a string at all.</summary>
    private const int MaxLeadIdRead = 64;

    public string Source => SourceName;

    public PayloadParseResult Parse(ReadOnlyMemory<byte> body) => JsonBody.ReadItems(
        body,
        FindItems,
        capacity => new EventBatch(SourceName, models.Current, timeProvider.GetUtcNow(), capacity),
        Read);

    private static PayloadItems FindItems(JsonElement root) => root.ValueKind switch
    {
        JsonValueKind.Object => PayloadItems.One(root),
        JsonValueKind.Array => PayloadItems.Many(root),
        _ => PayloadItems.Invalid("The body must be an event object or an array of event objects."),
    };

    private void Read(EventBatch batch, int index, JsonElement item)
    {
        if (item.ValueKind == JsonValueKind.Object)
        {
            batch.Add(index, Read(item));
        }
        else
        {
            batch.Reject(index, null, new ValidationError("item", "is not a JSON object"));
        }
    }

    private EventDraft Read(JsonElement item)
    {
        var draft = new EventDraft();
        draft.EventId = draft.ReadString(item, "eventId", EngagementEventRules.MaxIdLength, DraftFields.EventId,
            $"must be at most {EngagementEventRules.MaxIdLength} characters");
        draft.Type = draft.ReadString(item, "type", EngagementEventRules.MaxPropertyNameLength, DraftFields.Type,
            $"is not an event type of scoring model {models.Current.Version}");
        draft.OccurredAt = draft.ReadTime(item, "occurredAt");
        draft.UserAgent = draft.ReadString(item, "userAgent", MachineEngagementClassifier.MaxUserAgentLength, DraftFields.None,
            $"must be at most {MachineEngagementClassifier.MaxUserAgentLength} characters");
        draft.Properties = PropertyReader.ReadStrict(item, "properties", draft);
        draft.Email = draft.ReadString(item, "email", EmailAddress.MaxLength * 2, DraftFields.Lead,
            $"must be at most {EmailAddress.MaxLength} characters");
        draft.LeadId = draft.ReadString(item, "leadId", MaxLeadIdRead, DraftFields.Lead,
            "is not a lead id (32 lower-case hex characters)");
        draft.ReadAnonymousId(item);
        return draft;
    }
}
