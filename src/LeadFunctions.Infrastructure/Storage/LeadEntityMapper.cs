using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using LeadFunctions.Engagement;
using LeadFunctions.Leads;
using Azure.Data.Tables;

namespace LeadFunctions.Infrastructure.Storage;

/// <summary>Lead, event and hand-off rows of the Leads table, to and from the domain types.</summary>
internal static class LeadEntityMapper
{
    // A table string property holds at most 64 KiB (32K UTF-16 characters); JSON larger than a chunk is split. An entity
    // holds at most 1 MiB, its strings counted in UTF-16: 14 chunks are 840,000 bytes, which leaves room for the profile
    // (a capture form is at most 64 KiB). The stage history is bounded well below (StageHistoryCompaction); rows written
    // before that may have up to 20 chunks, which are still read.
    private const int ChunkLength = 30_000;
    private const int MaxChunks = 14;
    private const int MaxReadChunks = 20;
    private const string ScoreProperty = "Score";

    private static readonly JsonSerializerOptions Json = CreateJson();

    /// <summary>The whole lead row: written with Replace (guarded by the lead's ETag), so no stale property survives.</summary>
    public static TableEntity LeadEntity(Lead lead)
    {
        var profile = lead.Profile;
        var entity = new TableEntity(lead.LeadId, LeadKeys.LeadRow)
        {
            ["Email"] = profile.Email,
            ["FirstName"] = profile.FirstName,
            ["LastName"] = profile.LastName,
            ["Company"] = profile.Company,
            ["JobTitle"] = profile.JobTitle,
            ["CompanySize"] = profile.CompanySize,
            ["Industry"] = profile.Industry,
            ["Country"] = profile.Country,
            ["Phone"] = profile.Phone,
            ["Budget"] = profile.Budget?.ToString(CultureInfo.InvariantCulture),
            ["TimelineMonths"] = profile.TimelineMonths,
            ["Need"] = profile.Need,
            ["Attribution"] = JsonSerializer.Serialize(lead.Attribution, Json),
            ["CreatedAt"] = lead.CreatedAt,
            ["UpdatedAt"] = lead.UpdatedAt,
            ["Stage"] = lead.Stage.ToString(),
            ["DecayReviewDueAt"] = lead.Score?.DecayReviewDueAt,
            ["SalesNotifiedAt"] = lead.SalesNotifiedAt,
        };

        if (lead.Score is { } score)
        {
            var json = JsonSerializer.Serialize(score, Json);
            var chunks = (json.Length + ChunkLength - 1) / ChunkLength;
            if (chunks > MaxChunks)
            {
                throw new InvalidOperationException(
                    $"The score of lead {lead.LeadId} serializes to {json.Length} characters; "
                    + $"at most {MaxChunks * ChunkLength} fit one entity.");
            }

            for (var i = 0; i < chunks; i++)
            {
                var chunk = json.Substring(i * ChunkLength, Math.Min(ChunkLength, json.Length - (i * ChunkLength)));
                entity[ScoreProperty + i.ToString(CultureInfo.InvariantCulture)] = chunk;
            }
        }

        foreach (var key in entity.Keys.Where(key => entity[key] is null).ToArray())
        {
            entity.Remove(key);
        }

        return entity;
    }

    public static Lead ToLead(TableEntity entity)
    {
        var profile = new LeadProfile
        {
            Email = entity.GetString("Email") ?? string.Empty,
            FirstName = entity.GetString("FirstName"),
            LastName = entity.GetString("LastName"),
            Company = entity.GetString("Company"),
            JobTitle = entity.GetString("JobTitle"),
            CompanySize = entity.GetInt32("CompanySize"),
            Industry = entity.GetString("Industry"),
            Country = entity.GetString("Country"),
            Phone = entity.GetString("Phone"),
            Budget = entity.GetString("Budget") is { Length: > 0 } budget ? decimal.Parse(budget, CultureInfo.InvariantCulture) : null,
            TimelineMonths = entity.GetInt32("TimelineMonths"),
            Need = entity.GetString("Need"),
        };

        var json = new StringBuilder();
        for (var i = 0;
            i < MaxReadChunks && entity.GetString(ScoreProperty + i.ToString(CultureInfo.InvariantCulture)) is { Length: > 0 } chunk;
            i++)
        {
            json.Append(chunk);
        }

        return new Lead
        {
            LeadId = entity.PartitionKey,
            Profile = profile,
            Attribution = entity.GetString("Attribution") is { Length: > 0 } attribution
                ? JsonSerializer.Deserialize<LeadAttribution>(attribution, Json) ?? LeadAttribution.None
                : LeadAttribution.None,
            CreatedAt = entity.GetDateTimeOffset("CreatedAt") ?? entity.Timestamp ?? DateTimeOffset.MinValue,
            UpdatedAt = entity.GetDateTimeOffset("UpdatedAt") ?? entity.Timestamp ?? DateTimeOffset.MinValue,
            Score = json.Length > 0 ? JsonSerializer.Deserialize<StoredScore>(json.ToString(), Json) : null,
            SalesNotifiedAt = entity.GetDateTimeOffset("SalesNotifiedAt"),
            ETag = entity.ETag.ToString(),
        };
    }

    public static TableEntity EventEntity(
        string leadId,
        StoredEvent stored) => new(leadId, LeadKeys.EventRow(stored.Source, stored.Event.EventId))
    {
        ["Source"] = stored.Source,
        ["EventId"] = stored.Event.EventId,
        ["Type"] = stored.Event.Type,
        ["OccurredAt"] = stored.Event.OccurredAt,
        ["Properties"] = stored.Event.Properties.Count == 0 ? null : JsonSerializer.Serialize(stored.Event.Properties, Json),
    };

    /// <summary>An event held for an anonymous visitor: a lead's event row, in the visitor's partition, with when it came.</summary>
    public static TableEntity VisitorEventEntity(string visitorKey, StoredEvent stored, DateTimeOffset receivedAt)
    {
        var entity = EventEntity(visitorKey, stored);
        entity["ReceivedAt"] = receivedAt;
        return entity;
    }

    public static StoredEvent ToStoredEvent(TableEntity entity) => new(entity.GetString("Source") ?? string.Empty, ToEvent(entity));

    public static EngagementEvent ToEvent(TableEntity entity) => new()
    {
        EventId = entity.GetString("EventId") ?? entity.RowKey,
        Type = entity.GetString("Type") ?? string.Empty,
        OccurredAt = entity.GetDateTimeOffset("OccurredAt") ?? DateTimeOffset.MinValue,
        Properties = entity.GetString("Properties") is { Length: > 0 } properties
            ? ReadProperties(properties)
            : EventPropertyDictionary.Empty,
    };

    /// <summary>
    /// An event's properties column (a JSON object of strings, as <see cref="EventEntity"/> writes it) straight into the
    /// case-insensitive <see cref="EventPropertyDictionary"/> events carry: every read of a lead's events goes through
    /// here, so it makes no intermediate dictionary. A null property is left out; one that is not a string is refused, as
    /// the serializer refused it; of two names that differ only in case, the later value is kept.
    /// </summary>
    private static IReadOnlyDictionary<string, string> ReadProperties(string json)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(json.Length));
        try
        {
            var reader = new Utf8JsonReader(buffer.AsSpan(0, Encoding.UTF8.GetBytes(json, buffer)));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException("An event's properties are not a JSON object.");
            }

            var properties = ArrayPool<KeyValuePair<string, string>>.Shared.Rent(EventPropertyDictionary.MaxScanned);
            var count = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                if (!reader.Read() || reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null))
                {
                    throw new JsonException($"The event property '{name}' is not a string.");
                }

                if (reader.TokenType == JsonTokenType.String)
                {
                    if (count == properties.Length)
                    {
                        var larger = ArrayPool<KeyValuePair<string, string>>.Shared.Rent(count * 2);
                        properties.AsSpan().CopyTo(larger);
                        ArrayPool<KeyValuePair<string, string>>.Shared.Return(properties, clearArray: true);
                        properties = larger;
                    }

                    properties[count++] = KeyValuePair.Create(name, reader.GetString()!);
                }
            }

            var read = EventPropertyDictionary.Create(properties[..count]);
            ArrayPool<KeyValuePair<string, string>>.Shared.Return(properties, clearArray: true);
            return read;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static TableEntity HandoffEntity(SalesHandoff handoff) => new(handoff.LeadId, LeadKeys.HandoffRow(handoff.HandoffId))
    {
        ["HandoffId"] = handoff.HandoffId,
        ["QualifiedAt"] = handoff.QualifiedAt,
        ["Status"] = handoff.Status.ToString(),
        ["Attempts"] = handoff.Attempts,
        ["NextAttemptAt"] = handoff.NextAttemptAt,
        ["SentAt"] = handoff.SentAt,
        ["LastError"] = handoff.LastError,
        ["Recipient"] = handoff.Recipient,
        ["ReminderDueAt"] = handoff.Reminder?.DueAt,
        ["ReminderStatus"] = handoff.Reminder?.Status.ToString(),
        ["ReminderAttempts"] = handoff.Reminder?.Attempts,
        ["ReminderNextAttemptAt"] = handoff.Reminder?.NextAttemptAt,
        ["ReminderSentAt"] = handoff.Reminder?.SentAt,
    };

    public static SalesHandoff ToHandoff(TableEntity entity) => new()
    {
        LeadId = entity.PartitionKey,
        HandoffId = entity.GetString("HandoffId") ?? entity.RowKey[LeadKeys.HandoffRowPrefix.Length..],
        QualifiedAt = entity.GetDateTimeOffset("QualifiedAt") ?? DateTimeOffset.MinValue,
        Status = Enum.TryParse<HandoffStatus>(entity.GetString("Status"), out var status) ? status : HandoffStatus.Pending,
        Attempts = entity.GetInt32("Attempts") ?? 0,
        NextAttemptAt = entity.GetDateTimeOffset("NextAttemptAt"),
        SentAt = entity.GetDateTimeOffset("SentAt"),
        LastError = entity.GetString("LastError"),
        Recipient = entity.GetString("Recipient"),
        Reminder = entity.GetDateTimeOffset("ReminderDueAt") is { } dueAt
            ? new HandoffReminder
            {
                DueAt = dueAt,
                Status = Enum.TryParse<ReminderStatus>(
                    entity.GetString("ReminderStatus"),
                    out var reminderStatus) ? reminderStatus : ReminderStatus.Pending,
                Attempts = entity.GetInt32("ReminderAttempts") ?? 0,
                NextAttemptAt = entity.GetDateTimeOffset("ReminderNextAttemptAt"),
                SentAt = entity.GetDateTimeOffset("ReminderSentAt"),
            }
            : null,
        ETag = entity.ETag.ToString(),
    };

    /// <summary>The columns a replay reads of a receipt: the action recorded and the hash of its body.</summary>
    public static readonly IReadOnlyList<string> SalesStatusColumns = ["Action", "BodyHash"];

    /// <summary>
    /// The receipt of a sales status with an external id (no personal data: the key is a hash, the values are what was
    /// recorded and the hash of the body that asked for it; receipts from before bodies were kept have no BodyHash).
    /// </summary>
    public static TableEntity SalesStatusEntity(
        string leadId,
        SalesStatusReceipt receipt,
        StageChange recorded,
        DateTimeOffset now)
    {
        var entity = new TableEntity(leadId, LeadKeys.SalesStatusRow(receipt.ExternalId))
        {
            ["Action"] = recorded.Action?.ToString(),
            ["From"] = recorded.From.ToString(),
            ["To"] = recorded.To.ToString(),
            ["RecordedAt"] = now,
        };
        if (receipt.BodyHash is { } hash)
        {
            entity["BodyHash"] = hash;
        }

        return entity;
    }

    public static SalesStatusReceipt ToSalesStatusReceipt(string externalId, TableEntity entity) =>
        new(externalId, entity.GetString("BodyHash"))
        {
            Status = Enum.TryParse<LeadFunctions.Sales.SalesActionKind>(entity.GetString("Action"), out var action) ? action : null,
        };

    private static JsonSerializerOptions CreateJson()
    {
        // Stored text is only ever read back by this serializer (pages HTML-encode when they render it): escape only what
        // JSON requires, so a note's "<" is stored as 1 character and not as 6 ("\u003C").
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
