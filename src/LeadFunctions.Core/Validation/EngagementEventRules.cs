using LeadFunctions.Engagement;
using LeadFunctions.Scoring;

namespace LeadFunctions.Validation;

/// <summary>Bounds on an engagement event; checked at ingestion so that only scoreable events are stored.</summary>
public static class EngagementEventRules
{
    public const int MaxIdLength = 200;
    public const int MaxProperties = 50;
    public const int MaxPropertyNameLength = 100;
    public const int MaxPropertyValueLength = 2_000;

    /// <summary>Events dated later than this after "now" are rejected; closer ones are clamped by the scorer.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromDays(1);

    /// <summary>Events older than this are rejected: they could not count for anything after decay anyway.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(3 * 365);

    /// <summary>
    /// Every problem with an event as received: id, type known to the model, timestamp present and plausible,
    /// properties bounded. Empty when it can be stored and scored.
    /// </summary>
    public static IReadOnlyList<ValidationError> Validate(
        string? eventId,
        string? type,
        DateTimeOffset? occurredAt,
        IReadOnlyDictionary<string, string>? properties,
        ScoringModel model,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(model);
        var errors = new List<ValidationError>();
        CheckEventId(errors, eventId);
        CheckType(errors, type, model);
        CheckOccurredAt(errors, occurredAt, now);
        CheckProperties(errors, properties);
        return errors;
    }

    /// <summary>Validates an event already built (for example read back from storage).</summary>
    public static IReadOnlyList<ValidationError> Validate(EngagementEvent engagementEvent, ScoringModel model, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(engagementEvent);
        return Validate(engagementEvent.EventId, engagementEvent.Type, engagementEvent.OccurredAt, engagementEvent.Properties, model, now);
    }

    private static void CheckEventId(List<ValidationError> errors, string? eventId)
    {
        if (string.IsNullOrWhiteSpace(eventId))
        {
            errors.Add(new("eventId", "is required"));
        }
        else
        {
            LeadProfileRules.CheckText(errors, "eventId", eventId, MaxIdLength);
        }
    }

    private static void CheckType(List<ValidationError> errors, string? type, ScoringModel model)
    {
        if (string.IsNullOrWhiteSpace(type))
        {
            errors.Add(new("type", "is required"));
        }
        else if (type.Length > MaxPropertyNameLength || !model.IsKnownEventType(type))
        {
            errors.Add(new("type", $"is not an event type of scoring model {model.Version}"));
        }
    }

    private static void CheckOccurredAt(List<ValidationError> errors, DateTimeOffset? occurredAt, DateTimeOffset now)
    {
        if (occurredAt is not { } at)
        {
            errors.Add(new("occurredAt", "is required (ISO 8601 with an offset, or Unix seconds)"));
        }
        else if (at > now + MaxClockSkew)
        {
            errors.Add(new("occurredAt", $"is more than {MaxClockSkew.TotalHours:0} hours in the future"));
        }
        else if (at < now - MaxAge)
        {
            errors.Add(new("occurredAt", $"is more than {MaxAge.TotalDays:0} days in the past"));
        }
    }

    private static void CheckProperties(List<ValidationError> errors, IReadOnlyDictionary<string, string>? properties)
    {
        if (properties is null)
        {
            return;
        }

        if (properties.Count > MaxProperties)
        {
            errors.Add(new("properties", $"has {properties.Count} entries; at most {MaxProperties} are accepted"));
        }
        else if (properties.Any(property => IsOutOfBounds(property.Key, property.Value)))
        {
            errors.Add(new(
                "properties",
                $"names must be 1-{MaxPropertyNameLength} characters and values at most {MaxPropertyValueLength}"));
        }
    }

    private static bool IsOutOfBounds(string name, string? value) =>
        name.Length is 0 or > MaxPropertyNameLength || (value?.Length ?? 0) > MaxPropertyValueLength;
}
