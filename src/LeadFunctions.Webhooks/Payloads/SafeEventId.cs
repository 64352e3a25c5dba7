using LeadFunctions.Validation;

namespace LeadFunctions.Webhooks.Payloads;

/// <summary>Which received event ids may be echoed back in a rejection.</summary>
internal static class SafeEventId
{
    /// <summary>
    /// The id when it is safe to echo: 1 to <see cref="EngagementEventRules.MaxIdLength"/> characters, no control
    /// characters, no unpaired surrogate, and no '@' (an id built from an email address is personal data). Otherwise null.
    /// </summary>
    public static string? OrNull(string? eventId)
    {
        if (eventId is not { Length: > 0 and <= EngagementEventRules.MaxIdLength })
        {
            return null;
        }

        for (var i = 0; i < eventId.Length; i++)
        {
            var character = eventId[i];
            if (char.IsControl(character) || character == '@')
            {
                return null;
            }

            if (char.IsHighSurrogate(character) && i + 1 < eventId.Length && char.IsLowSurrogate(eventId[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(character))
            {
                return null;
            }
        }

        return eventId;
    }
}
