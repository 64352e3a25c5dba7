using System.Text;
using System.Text.Json;
using LeadFunctions.Engagement;
using LeadFunctions.Leads;
using LeadFunctions.Scoring;
using LeadFunctions.Validation;
using LeadFunctions.Webhooks.Payloads;

namespace LeadFunctions.Webhooks.SendGrid;

/// <summary>
/// SendGrid Event Webhook batches: a JSON array of events. Engagement and delivery events map to the model's email
/// vocabulary ("processed" to "Email Sent" when the model knows that type, else it is ignored); "group_resubscribe" and
/// non-hard bounces ("blocked") are ignored; unknown events are rejected. Each event carries <c>emailId</c> (the send's
/// id), so that the model's "oncePer emailId" limits work and a click can be measured from its email's delivery;
/// <c>useragent</c> is kept only as its family (machine engagement: <see cref="MachineEngagementClassifier"/>).
/// </summary>
public sealed class SendGridEventParser(IScoringModelSource models, TimeProvider timeProvider) : IWebhookPayloadParser
{
    public const string SourceName = "sendgrid";

    private static readonly ValidationError NotAnObject = new("item", "is not a JSON object");
    private static readonly ValidationError Unsupported = new("event", "unsupported SendGrid event");
    private static readonly ValidationError NoEmail = new("email", "is required");

    public string Source => SourceName;

    public PayloadParseResult Parse(ReadOnlyMemory<byte> body) => JsonBody.ReadItems(
        body,
        root => root.ValueKind == JsonValueKind.Array
            ? PayloadItems.Many(root)
            : PayloadItems.Invalid("The body must be an array of SendGrid events."),
        capacity => new EventBatch(SourceName, models.Current, timeProvider.GetUtcNow(), capacity),
        Read);

    /// <summary>The model's event type for a SendGrid event, null to ignore it, or <c>""</c> when it is unsupported.</summary>
    internal static string? MapEventType(string? sendGridEvent, string? bounceType) => sendGridEvent switch
    {
        "open" => EmailEventTypes.Opened,
        "click" => EmailEventTypes.LinkClicked,
        // Only a hard bounce says the address is bad; "blocked" is the receiving server refusing the sender.
        "bounce" => bounceType is null or "bounce" ? "Email Bounced" : null,
        "spamreport" => "Email Marked as Spam",
        "unsubscribe" or "group_unsubscribe" => "Unsubscribed",
        "delivered" => EmailEventTypes.Delivered,
        "processed" => EmailEventTypes.Sent,
        "dropped" => "Email Dropped",
        "deferred" => "Email Deferred",
        "group_resubscribe" => null,
        _ => string.Empty,
    };

    /// <summary>
    /// The part of <c>sg_message_id</c> before the first '.': the X-Message-Id of the send request, the same for
    /// every event of that email (the rest identifies the recipient message on SendGrid's filter servers).
    /// </summary>
    internal static string EmailId(string sgMessageId)
    {
        var dot = sgMessageId.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 ? sgMessageId[..dot] : sgMessageId;
    }

    private static void Read(EventBatch batch, int index, JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            batch.Reject(index, null, NotAnObject);
            return;
        }

        var draft = new EventDraft { MissingLead = NoEmail };
        draft.EventId = draft.ReadString(item, "sg_event_id", EngagementEventRules.MaxIdLength, DraftFields.EventId,
            $"must be at most {EngagementEventRules.MaxIdLength} characters");

        JsonFields.ReadString(item, "event", 32, out var sendGridEvent);
        JsonFields.ReadString(item, "type", 32, out var bounceType);
        var type = MapEventType(sendGridEvent, bounceType);
        if (type is null || (type == EmailEventTypes.Sent && !batch.Knows(type)))
        {
            batch.Ignore();
            return;
        }

        if (type.Length == 0)
        {
            batch.Reject(index, draft.EventId, Unsupported);
            return;
        }

        draft.Type = type;
        draft.OccurredAt = draft.ReadTime(item, "timestamp");
        draft.Email = draft.ReadString(item, "email", EmailAddress.MaxLength * 2, DraftFields.Lead,
            $"must be at most {EmailAddress.MaxLength} characters");
        draft.Properties = ReadProperties(item, sendGridEvent!);
        draft.UserAgent = EventDraft.ReadUserAgent(item, "useragent");
        batch.Add(index, draft);
    }

    /// <summary>
    /// emailId, url (clicks), category, machineOpen (opens by a mail privacy proxy), unsubscribeScope and groupId.
    /// ip and bounce reasons are left out: personal data the scoring does not use (useragent is read apart, for its family).
    /// </summary>
    private static Dictionary<string, string> ReadProperties(JsonElement item, string sendGridEvent)
    {
        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (JsonFields.ReadString(item, "sg_message_id", EngagementEventRules.MaxPropertyValueLength, out var messageId) == FieldRead.Ok
            && EmailId(messageId!) is { Length: > 0 } emailId)
        {
            properties["emailId"] = emailId;
        }

        if (sendGridEvent == "click")
        {
            PropertyReader.TryAdd(properties, "url", item, "url");
        }

        if (Category(item) is { } category)
        {
            properties["category"] = category;
        }

        if (JsonFields.TryGet(item, "sg_machine_open", out var machineOpen)
            && machineOpen.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            properties["machineOpen"] = machineOpen.ValueKind == JsonValueKind.True ? "true" : "false";
        }

        if (sendGridEvent is "unsubscribe" or "group_unsubscribe")
        {
            properties["unsubscribeScope"] = sendGridEvent == "unsubscribe" ? "global" : "group";
            if (JsonFields.TryGet(item, "asm_group_id", out var group)
                && JsonFields.ReadScalar(group, 32, out var groupId) == FieldRead.Ok)
            {
                properties["groupId"] = groupId!;
            }
        }

        return properties;
    }

    /// <summary>A category string, or an array of them joined with commas; null when absent or unusable.</summary>
    private static string? Category(JsonElement item)
    {
        if (!JsonFields.TryGet(item, "category", out var category))
        {
            return null;
        }

        if (category.ValueKind != JsonValueKind.Array)
        {
            return JsonFields.ReadString(category, EngagementEventRules.MaxPropertyValueLength, out var single) == FieldRead.Ok
                ? single
                : null;
        }

        var joined = new StringBuilder();
        foreach (var entry in category.EnumerateArray())
        {
            if (JsonFields.ReadString(entry, EngagementEventRules.MaxPropertyValueLength, out var name) != FieldRead.Ok)
            {
                continue;
            }

            if (joined.Length + name!.Length + 1 > EngagementEventRules.MaxPropertyValueLength)
            {
                break;
            }

            joined.Append(joined.Length == 0 ? string.Empty : ",").Append(name);
        }

        return joined.Length == 0 ? null : joined.ToString();
    }
}
