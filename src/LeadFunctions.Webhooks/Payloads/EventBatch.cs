using LeadFunctions.Engagement;
using LeadFunctions.Leads;
using LeadFunctions.Scoring;
using LeadFunctions.Validation;

namespace LeadFunctions.Webhooks.Payloads;

/// <summary>
/// Collects the items of one request: runs the checks every source shares (the scoring model's event rules, the
/// lead reference and the anonymous visitor id, disposable domains), keeps the first item of each event id, and words
/// rejections without personal data.
/// </summary>
internal sealed class EventBatch(string source, ScoringModel model, DateTimeOffset now, int capacity)
{
    private readonly List<IncomingEvent> _accepted = new(capacity);
    private readonly List<RejectedItem> _rejected = [];
    private readonly HashSet<string> _eventIds = new(capacity, StringComparer.Ordinal);
    private int _ignored;
    private int _duplicates;

    /// <summary>A valid provider item that is not engagement this backend keeps.</summary>
    public void Ignore() => _ignored++;

    /// <summary>True when the request's scoring model knows <paramref name="type"/> (an optional type is kept only then).</summary>
    public bool Knows(string type) => model.IsKnownEventType(type);

    public void Reject(int index, string? eventId, ValidationError problem) =>
        _rejected.Add(new RejectedItem(index, SafeEventId.OrNull(eventId), problem.ToString()));

    public void Add(int index, EventDraft draft)
    {
        var errors = draft.Errors;
        foreach (var error in EngagementEventRules.Validate(draft.EventId, draft.Type, draft.OccurredAt, draft.Properties, model, now))
        {
            if ((draft.Reported & PartOf(error.Field)) == DraftFields.None)
            {
                (errors ??= []).Add(error);
            }
        }

        var lead = (draft.Reported & DraftFields.Lead) == DraftFields.None ? ResolveLead(draft, ref errors) : null;
        if (errors is { Count: > 0 } || lead is null)
        {
            _rejected.Add(new RejectedItem(index, SafeEventId.OrNull(draft.EventId), Describe(errors)));
            return;
        }

        var eventId = draft.EventId!;
        if (!_eventIds.Add(eventId))
        {
            _duplicates++;
            return;
        }

        var engagementEvent = draft.Properties is { Count: > 0 } properties
            ? new EngagementEvent { EventId = eventId, Type = draft.Type!, OccurredAt = draft.OccurredAt!.Value, Properties = properties }
            : new EngagementEvent { EventId = eventId, Type = draft.Type!, OccurredAt = draft.OccurredAt!.Value };
        _accepted.Add(new IncomingEvent(source, lead, engagementEvent, draft.Traits) { UserAgent = draft.UserAgent });
    }

    public PayloadParseResult ToResult() =>
        PayloadParseResult.Parsed(new ParsedEvents(_accepted, _rejected), _ignored, _duplicates);

    /// <summary>
    /// Who the item is about: a lead id, or an email (normalized, not disposable), either with the anonymous visitor id
    /// it identifies, or (where allowed) the visitor id alone.
    /// </summary>
    private LeadReference? ResolveLead(EventDraft draft, ref List<ValidationError>? errors)
    {
        var anonymousId = AnonymousIdRules.Normalize(draft.AnonymousId, out var anonymousProblem);
        if (anonymousProblem is not null)
        {
            (errors ??= []).Add(new("anonymousId", anonymousProblem));
            return null;
        }

        if (draft.LeadId is not null && draft.Email is not null)
        {
            (errors ??= []).Add(new("lead", "give either email or leadId, not both"));
            return null;
        }

        if (draft.LeadId is { } leadId)
        {
            if (Lead.IsValidLeadId(leadId))
            {
                return LeadReference.ById(leadId).WithVisitor(anonymousId);
            }

            (errors ??= []).Add(new("leadId", "is not a lead id (32 lower-case hex characters)"));
            return null;
        }

        if (draft.Email is null)
        {
            if (anonymousId is not null && draft.AnonymousAllowed)
            {
                return LeadReference.ByVisitor(anonymousId);
            }

            (errors ??= []).Add(draft.MissingLead);
            return null;
        }

        if (!EmailAddress.TryNormalize(draft.Email, out var email, out var problem))
        {
            (errors ??= []).Add(new("email", problem!));
            return null;
        }

        // Capture refuses these addresses (LeadProfileRules); an event must not create the lead capture would refuse.
        if (model.IsDisposableDomain(email[(email.LastIndexOf('@') + 1)..]))
        {
            (errors ??= []).Add(new("email", "uses a disposable email domain"));
            return null;
        }

        return LeadReference.ByEmail(email).WithVisitor(anonymousId);
    }

    private static DraftFields PartOf(string field) => field switch
    {
        "eventId" => DraftFields.EventId,
        "type" => DraftFields.Type,
        "occurredAt" => DraftFields.OccurredAt,
        "properties" => DraftFields.Properties,
        _ => DraftFields.None,
    };

    private static string Describe(List<ValidationError>? errors) =>
        errors is null ? "the item cannot be accepted" : string.Join("; ", errors);
}
