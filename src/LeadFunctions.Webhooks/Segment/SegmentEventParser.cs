using System.Text.Json;
using LeadFunctions.Engagement;
using LeadFunctions.Leads;
using LeadFunctions.Scoring;
using LeadFunctions.Validation;
using LeadFunctions.Webhooks.Payloads;

namespace LeadFunctions.Webhooks.Segment;

/// <summary>
/// Segment messages as the Webhooks destination posts them: one message per request, or <c>{"batch":[...]}</c>.
/// track → its <c>event</c> name; page → "Page Viewed" (path, url, title, referrer, name); identify → "Identify"
/// with the profile traits. screen, group, alias and delete are ignored; other types are rejected. The lead is
/// found by email; a track or page with only an <c>anonymousId</c> is kept for that visitor until it identifies, and a
/// message with both (an identify or track after a form, a login) joins the visitor to the lead.
/// <c>context.userAgent</c> is kept only as its family.
/// </summary>
public sealed class SegmentEventParser(IScoringModelSource models, TimeProvider timeProvider) : IWebhookPayloadParser
{
    public const string SourceName = "segment";

    public const string PageViewed = "Page Viewed";

    public const string Identify = "Identify";

    private static readonly ValidationError NoEmail = new("lead", "no email or anonymousId to identify the lead");
    private static readonly ValidationError IdentifyWithoutEmail =
        new("lead", "an identify needs an email (traits.email) to identify the lead");
    private static readonly ValidationError NotAnObject = new("item", "is not a JSON object");
    private static readonly string[] PageFields = ["path", "url", "title", "referrer"];

    public string Source => SourceName;

    public PayloadParseResult Parse(ReadOnlyMemory<byte> body) => JsonBody.ReadItems(
        body,
        FindItems,
        capacity => new EventBatch(SourceName, models.Current, timeProvider.GetUtcNow(), capacity),
        Read);

    private static PayloadItems FindItems(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return PayloadItems.Invalid("The body must be a Segment message object, or {\"batch\": [messages]}.");
        }

        if (!root.TryGetProperty("batch", out var messages))
        {
            return PayloadItems.One(root);
        }

        return messages.ValueKind == JsonValueKind.Array
            ? PayloadItems.Many(messages)
            : PayloadItems.Invalid("The body's \"batch\" must be an array of Segment messages.");
    }

    private void Read(EventBatch batch, int index, JsonElement message)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            batch.Reject(index, null, NotAnObject);
            return;
        }

        var draft = new EventDraft { MissingLead = NoEmail };
        draft.EventId = draft.ReadString(message, "messageId", EngagementEventRules.MaxIdLength, DraftFields.EventId,
            $"must be at most {EngagementEventRules.MaxIdLength} characters");

        JsonFields.ReadString(message, "type", 16, out var kind);
        switch (kind?.ToUpperInvariant())
        {
            case "TRACK":
                draft.Type = draft.ReadString(message, "event", EngagementEventRules.MaxPropertyNameLength, DraftFields.Type,
                    $"is not an event type of scoring model {models.Current.Version}");
                if (draft.Type is null && (draft.Reported & DraftFields.Type) == DraftFields.None)
                {
                    draft.Report(DraftFields.Type, "event", "is required for a track message");
                }

                draft.Properties = ReadProperties(message);
                break;
            case "PAGE":
                draft.Type = PageViewed;
                draft.Properties = ReadPageProperties(message);
                break;
            case "IDENTIFY":
                draft.Type = Identify;
                draft.AnonymousAllowed = false;
                draft.MissingLead = IdentifyWithoutEmail;
                draft.Traits = JsonFields.TryGetObject(message, "traits", out var traits) ? SegmentTraits.Read(traits) : null;
                break;
            case "SCREEN" or "GROUP" or "ALIAS" or "DELETE":
                batch.Ignore();
                return;
            default:
                batch.Reject(
                    index,
                    draft.EventId,
                    new ValidationError("type", "must be track, page or identify (screen, group, alias and delete are ignored)"));
                return;
        }

        // Segment always sets timestamp (its estimate of when the event happened); originalTimestamp is the device's
        // clock. sentAt and receivedAt date the delivery, not the engagement, so they are never used.
        draft.OccurredAt = JsonFields.TryGet(message, "timestamp", out var timestamp) && timestamp.ValueKind != JsonValueKind.Null
            ? draft.ReadTime(message, "timestamp")
            : draft.ReadTime(message, "originalTimestamp");
        draft.Email = FindEmail(message, draft);
        draft.ReadAnonymousId(message);
        draft.UserAgent = JsonFields.TryGetObject(message, "context", out var context)
            ? EventDraft.ReadUserAgent(context, "userAgent")
            : null;
        batch.Add(index, draft);
    }

    /// <summary>traits.email (identify), then properties.email, then context.traits.email: the first one present.</summary>
    private static string? FindEmail(JsonElement message, EventDraft draft)
    {
        if (TryEmail(message, "traits", draft, out var email) || TryEmail(message, "properties", draft, out email))
        {
            return email;
        }

        return JsonFields.TryGetObject(message, "context", out var context) && TryEmail(context, "traits", draft, out email) ? email : null;
    }

    private static bool TryEmail(JsonElement parent, string objectName, EventDraft draft, out string? email)
    {
        email = null;
        if (!JsonFields.TryGetObject(parent, objectName, out var holder))
        {
            return false;
        }

        switch (JsonFields.ReadString(holder, "email", EmailAddress.MaxLength * 2, out email))
        {
            case FieldRead.Ok:
                return true;
            case FieldRead.TooLong:
                draft.Report(DraftFields.Lead, "email", $"must be at most {EmailAddress.MaxLength} characters");
                return true;
            case FieldRead.Invalid:
                draft.Report(DraftFields.Lead, "email", EventDraft.NotText);
                return true;
            default:
                return false; // absent, null or not a string: look further
        }
    }

    private static Dictionary<string, string> ReadProperties(JsonElement message)
    {
        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (JsonFields.TryGetObject(message, "properties", out var source))
        {
            PropertyReader.AddScalars(source, properties);
        }

        return properties;
    }

    private static Dictionary<string, string> ReadPageProperties(JsonElement message)
    {
        var properties = ReadProperties(message);
        if (JsonFields.TryGetObject(message, "context", out var context) && JsonFields.TryGetObject(context, "page", out var page))
        {
            foreach (var field in PageFields)
            {
                PropertyReader.TryAdd(properties, field, page, field);
            }
        }

        PropertyReader.TryAdd(properties, "name", message, "name");
        return properties;
    }
}
