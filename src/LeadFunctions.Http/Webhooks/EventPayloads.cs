using System.Globalization;
using System.Text.Json;
using LeadFunctions.Engagement;
using LeadFunctions.Leads;
using LeadFunctions.Scoring;
using LeadFunctions.Validation;

namespace LeadFunctions.Http.Webhooks;

/// <summary>
/// Reads the three event payloads (the canonical API, Segment, SendGrid) into validated <see cref="IncomingEvent"/>s.
/// A body that is not the expected JSON shape is a whole-body error (400); a bad item is rejected on its own with
/// a reason that never contains personal data, and the rest are accepted.
/// </summary>
public sealed class EventPayloads(ScoringModel model, TimeProvider timeProvider)
{
    public const int MaxItems = 1_000;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };

    /// <summary><c>{"eventId","email"|"leadId","type","occurredAt","properties"}</c>, or an array of up to 1,000.</summary>
    public (ParsedEvents? Events, string? Error) ParseCanonical(ReadOnlyMemory<byte> body) => Parse(body, root =>
    {
        var items = root.ValueKind switch
        {
            JsonValueKind.Object => [root],
            JsonValueKind.Array => root.EnumerateArray().ToArray(),
            _ => null,
        };
        return items is null ? (null, "The body must be an event object or an array of event objects.") : Build(items, "api", ReadCanonical);
    });

    /// <summary>A Segment message (track / identify / page), or <c>{"batch":[...]}</c>.</summary>
    public (ParsedEvents? Events, string? Error) ParseSegment(ReadOnlyMemory<byte> body) => Parse(body, root =>
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, "The body must be a Segment message object.");
        }

        var items = root.TryGetProperty("batch", out var batch) && batch.ValueKind == JsonValueKind.Array ? batch.EnumerateArray().ToArray() : [root];
        return Build(items, "segment", ReadSegment);
    });

    /// <summary>A SendGrid Event Webhook batch: an array of events.</summary>
    public (ParsedEvents? Events, string? Error) ParseSendGrid(ReadOnlyMemory<byte> body) => Parse(body, root =>
        root.ValueKind == JsonValueKind.Array
            ? Build(root.EnumerateArray().ToArray(), "sendgrid", ReadSendGrid)
            : (null, "The body must be an array of SendGrid events."));

    private static (ParsedEvents? Events, string? Error) Parse(ReadOnlyMemory<byte> body, Func<JsonElement, (ParsedEvents?, string?)> read)
    {
        try
        {
            using var document = JsonDocument.Parse(body, DocumentOptions);
            return read(document.RootElement);
        }
        catch (JsonException)
        {
            return (null, "The body is not valid JSON.");
        }
    }

    private (ParsedEvents?, string?) Build(JsonElement[] items, string source, Func<JsonElement, Draft?> read)
    {
        if (items.Length > MaxItems)
        {
            return (null, $"A batch holds at most {MaxItems} events; this one has {items.Length}.");
        }

        var now = timeProvider.GetUtcNow();
        var accepted = new List<IncomingEvent>(items.Length);
        var rejected = new List<RejectedItem>();
        for (var index = 0; index < items.Length; index++)
        {
            var draft = items[index].ValueKind == JsonValueKind.Object ? read(items[index]) : new Draft { Problem = "the item is not an object" };
            if (draft is null)
            {
                continue; // a provider event that is not engagement (e.g. SendGrid "processed"): nothing to store
            }

            var safeId = SafeId(draft.EventId);
            if (draft.Problem is not null)
            {
                rejected.Add(new RejectedItem(index, safeId, draft.Problem));
                continue;
            }

            var errors = new List<ValidationError>(EngagementEventRules.Validate(draft.EventId, draft.Type, draft.OccurredAt, draft.Properties, model, now));
            LeadReference? lead = null;
            if (draft.LeadId is not null && draft.Email is not null)
            {
                errors.Add(new("lead", "give either email or leadId, not both"));
            }
            else if (draft.LeadId is not null)
            {
                if (Lead.IsValidLeadId(draft.LeadId))
                {
                    lead = LeadReference.ById(draft.LeadId);
                }
                else
                {
                    errors.Add(new("leadId", "is not a lead id (32 lower-case hex characters)"));
                }
            }
            else if (EmailAddress.TryNormalize(draft.Email, out var email, out var problem))
            {
                if (model.IsDisposableDomain(email[(email.LastIndexOf('@') + 1)..]))
                {
                    errors.Add(new("email", "uses a disposable email domain"));
                }
                else
                {
                    lead = LeadReference.ByEmail(email);
                }
            }
            else
            {
                errors.Add(new("email", draft.Email is null ? "is required (or leadId)" : problem!));
            }

            if (errors.Count > 0 || lead is null)
            {
                rejected.Add(new RejectedItem(index, safeId, string.Join("; ", errors)));
                continue;
            }

            var engagementEvent = new EngagementEvent
            {
                EventId = draft.EventId!,
                Type = draft.Type!,
                OccurredAt = draft.OccurredAt!.Value,
                Properties = draft.Properties ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase),
            };
            accepted.Add(new IncomingEvent(source, lead, engagementEvent, draft.Traits));
        }

        return (new ParsedEvents(accepted, rejected), null);
    }

    private static Draft ReadCanonical(JsonElement item) => new()
    {
        EventId = String(item, "eventId"),
        Email = String(item, "email"),
        LeadId = String(item, "leadId"),
        Type = String(item, "type"),
        OccurredAt = Time(item, "occurredAt"),
        Properties = Properties(item, "properties"),
    };

    private static Draft? ReadSegment(JsonElement message)
    {
        var kind = String(message, "type")?.ToLowerInvariant();
        var context = message.TryGetProperty("context", out var c) && c.ValueKind == JsonValueKind.Object ? c : default;
        var draft = new Draft
        {
            EventId = String(message, "messageId"),
            OccurredAt = Time(message, "timestamp") ?? Time(message, "originalTimestamp"),
            Email = Nested(message, "traits", "email") ?? Nested(message, "properties", "email") ?? (context.ValueKind == JsonValueKind.Object ? Nested(context, "traits", "email") : null),
            Properties = Properties(message, "properties"),
        };

        switch (kind)
        {
            case "track":
                return draft with { Type = String(message, "event") };
            case "page":
                var properties = draft.Properties ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                if (!properties.ContainsKey("path") && context.ValueKind == JsonValueKind.Object && Nested(context, "page", "path") is { } path)
                {
                    properties["path"] = path;
                }

                return draft with { Type = "Page Viewed", Properties = properties };
            case "identify":
                return draft with { Type = "Identify", Properties = null, Traits = Traits(message) };
            default:
                return draft with { Problem = "only Segment track, page and identify messages are accepted" };
        }
    }

    private static Draft? ReadSendGrid(JsonElement item)
    {
        var kind = String(item, "event");
        var type = kind switch
        {
            "open" => "Email Opened",
            "click" => "Email Link Clicked",
            "bounce" => String(item, "type") == "blocked" ? null : "Email Bounced",
            "spamreport" => "Email Marked as Spam",
            "unsubscribe" or "group_unsubscribe" => "Unsubscribed",
            "delivered" => "Email Delivered",
            "dropped" => "Email Dropped",
            "deferred" => "Email Deferred",
            _ => null,
        };
        if (type is null)
        {
            // processed, blocked bounces, resubscribes: not engagement, acknowledged and not stored.
            return kind is "processed" or "bounce" or "group_resubscribe" ? null : new Draft { EventId = String(item, "sg_event_id"), Problem = "unsupported SendGrid event" };
        }

        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (String(item, "sg_message_id") is { } messageId)
        {
            // "<send id>.<filter suffix>": the part before the first dot identifies one email sent to one recipient.
            var dot = messageId.IndexOf('.', StringComparison.Ordinal);
            properties["emailId"] = dot > 0 ? messageId[..dot] : messageId;
        }

        if (String(item, "url") is { } url)
        {
            properties["url"] = url;
        }

        if (String(item, "category") is { } category)
        {
            properties["category"] = category;
        }

        return new Draft
        {
            EventId = String(item, "sg_event_id"),
            Email = String(item, "email"),
            Type = type,
            OccurredAt = Time(item, "timestamp"),
            Properties = properties,
        };
    }

    private static LeadTraits? Traits(JsonElement message)
    {
        if (!message.TryGetProperty("traits", out var traits) || traits.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var company = traits.TryGetProperty("company", out var c) ? c : default;
        var employees = String(traits, "employees") ?? (company.ValueKind == JsonValueKind.Object ? String(company, "employee_count") : null);
        return new LeadTraits
        {
            FirstName = Bounded(String(traits, "firstName") ?? String(traits, "first_name")),
            LastName = Bounded(String(traits, "lastName") ?? String(traits, "last_name")),
            Company = Bounded(company.ValueKind == JsonValueKind.String ? company.GetString() : company.ValueKind == JsonValueKind.Object ? String(company, "name") : null),
            JobTitle = Bounded(String(traits, "title") ?? String(traits, "jobTitle")),
            CompanySize = int.TryParse(employees, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size <= LeadProfileRules.MaxCompanySize ? size : null,
            Industry = Bounded(String(traits, "industry") ?? (company.ValueKind == JsonValueKind.Object ? String(company, "industry") : null)),
            Country = Bounded(String(traits, "country") ?? Nested(traits, "address", "country")),
            Phone = String(traits, "phone") is { Length: <= 40 } phone ? phone : null,
        };
    }

    private static string? Bounded(string? value) =>
        value is null || value.Length > LeadProfileRules.MaxTextLength || value.Any(ch => char.IsControl(ch)) ? null : value.Trim();

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    private static string? Nested(JsonElement element, string parent, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(parent, out var child) ? String(child, name) : null;

    private static DateTimeOffset? Time(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds) && seconds is > 0 and < 253402300799)
        {
            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        }

        return value.ValueKind == JsonValueKind.String
            && value.GetString() is { Length: <= 64 } text
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : null;
    }

    private static Dictionary<string, string>? Properties(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var properties) || properties.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        // Top-level scalars only (as strings, invariant); nested objects and arrays are not used by rules and are left out.
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in properties.EnumerateObject())
        {
            var value = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Number => property.Value.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => null,
            };
            if (value is not null && !property.NameEquals("email"))
            {
                result[property.Name] = value;
            }
        }

        return result;
    }

    private static string? SafeId(string? id) =>
        id is { Length: > 0 and <= EngagementEventRules.MaxIdLength } && !id.Any(char.IsControl) ? id : null;

    private sealed record Draft
    {
        public string? EventId { get; init; }

        public string? Email { get; init; }

        public string? LeadId { get; init; }

        public string? Type { get; init; }

        public DateTimeOffset? OccurredAt { get; init; }

        public Dictionary<string, string>? Properties { get; init; }

        public LeadTraits? Traits { get; init; }

        public string? Problem { get; init; }
    }
}
