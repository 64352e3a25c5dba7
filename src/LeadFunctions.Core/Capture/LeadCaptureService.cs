using LeadFunctions.Engagement;
using LeadFunctions.Leads;
using LeadFunctions.Qualification;
using LeadFunctions.Scoring;
using LeadFunctions.Validation;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.Capture;

/// <summary>
/// Captures a landing-page form: finds or creates the lead of the email, updates its profile, records a
/// "Form Submitted" event and asks for a rescore. After it returns, nothing is lost if the process dies.
/// </summary>
public sealed partial class LeadCaptureService(
    ILeadStore store,
    IRescoreQueue rescoreQueue,
    ScoringModel model,
    TimeProvider timeProvider,
    ILogger<LeadCaptureService> logger)
{
    public async Task<CaptureResult> CaptureAsync(LeadCaptureRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);

        if (!string.IsNullOrEmpty(request.Honeypot))
        {
            // Answer like a success so that bots learn nothing; store nothing.
            LogHoneypot(logger);
            return CaptureResult.Ignored(Lead.NewLeadId(timeProvider));
        }

        var (profile, ignored, errors) = ReadProfile(request);
        if (errors.Count > 0)
        {
            return CaptureResult.Invalid(errors);
        }

        var attribution = new LeadAttribution
        {
            FormId = FormValues.Clean(request.FormId),
            PageUrl = FormValues.Clean(request.PageUrl),
            UtmSource = FormValues.Clean(request.UtmSource),
            UtmMedium = FormValues.Clean(request.UtmMedium),
            UtmCampaign = FormValues.Clean(request.UtmCampaign),
            Consent = FormValues.ParseConsent(request.Consent),
        };

        var submitted = new StoredEvent("form", new EngagementEvent
        {
            EventId = Lead.NewLeadId(timeProvider),
            Type = "Form Submitted",
            OccurredAt = timeProvider.GetUtcNow(),
            Properties = FormProperties(attribution),
        });

        // A new lead is written with its first event in one atomic write; a returning one is updated, then appended to.
        var (lead, created) = await store.GetOrCreateLeadAsync(profile, attribution, [submitted], cancellationToken);
        if (!created)
        {
            lead = await LeadProfileUpdates.UpdateAsync(store, lead, stored => Merge(stored, profile), timeProvider, cancellationToken);
            await store.AppendEventsAsync(lead.LeadId, [submitted], cancellationToken);
        }

        await rescoreQueue.EnqueueAsync([lead.LeadId], cancellationToken);

        LogCaptured(logger, lead.LeadId, created);
        return CaptureResult.Accepted(lead.LeadId, created, ignored);
    }

    private (LeadProfile Profile, IReadOnlyList<string> IgnoredFields, IReadOnlyList<ValidationError> Errors) ReadProfile(LeadCaptureRequest request)
    {
        var errors = new List<ValidationError>();
        var ignored = new List<string>();

        int? companySize = null;
        if (FormValues.Clean(request.CompanySize) is { } sizeText)
        {
            if (sizeText.Length <= 40 && FormValues.TryParseCompanySize(sizeText, out var employees))
            {
                companySize = employees;
            }
            else
            {
                ignored.Add("companySize");
            }
        }

        decimal? budget = null;
        if (FormValues.Clean(request.Budget) is { } budgetText)
        {
            if (budgetText.Length <= 40 && FormValues.TryParseBudget(budgetText, out var amount))
            {
                budget = amount;
            }
            else
            {
                ignored.Add("budget");
            }
        }

        int? timeline = null;
        if (FormValues.Clean(request.Timeline) is { } timelineText)
        {
            if (timelineText.Length <= 40 && FormValues.TryParseTimelineMonths(timelineText, out var months))
            {
                timeline = months;
            }
            else
            {
                ignored.Add("timeline");
            }
        }

        EmailAddress.TryNormalize(request.Email, out var email, out _);
        var profile = new LeadProfile
        {
            Email = string.IsNullOrEmpty(email) ? request.Email ?? string.Empty : email,
            FirstName = FormValues.Clean(request.FirstName),
            LastName = FormValues.Clean(request.LastName),
            Company = FormValues.Clean(request.Company),
            JobTitle = FormValues.Clean(request.JobTitle),
            CompanySize = companySize,
            Industry = FormValues.Clean(request.Industry),
            Country = FormValues.Clean(request.Country) is { Length: 2 } code ? code.ToUpperInvariant() : FormValues.Clean(request.Country),
            Phone = FormValues.Clean(request.Phone),
            Budget = budget,
            TimelineMonths = timeline,
            Need = FormValues.Clean(request.Need),
        };

        errors.AddRange(LeadProfileRules.Validate(profile, model));
        if (FormValues.Clean(request.FormId) is { Length: > 100 })
        {
            errors.Add(new("formId", "must be at most 100 characters"));
        }

        if (FormValues.Clean(request.PageUrl) is { Length: > 2000 })
        {
            errors.Add(new("pageUrl", "must be at most 2000 characters"));
        }

        foreach (var (field, value) in new[] { ("utm_source", request.UtmSource), ("utm_medium", request.UtmMedium), ("utm_campaign", request.UtmCampaign) })
        {
            LeadProfileRules.CheckText(errors, field, value, LeadProfileRules.MaxTextLength);
        }

        return (profile, ignored, errors);
    }

    /// <summary>A later form fill wins for every field it sets; fields it leaves empty keep their value.</summary>
    internal static LeadProfile Merge(LeadProfile stored, LeadProfile submitted) => stored with
    {
        FirstName = submitted.FirstName ?? stored.FirstName,
        LastName = submitted.LastName ?? stored.LastName,
        Company = submitted.Company ?? stored.Company,
        JobTitle = submitted.JobTitle ?? stored.JobTitle,
        CompanySize = submitted.CompanySize ?? stored.CompanySize,
        Industry = submitted.Industry ?? stored.Industry,
        Country = submitted.Country ?? stored.Country,
        Phone = submitted.Phone ?? stored.Phone,
        Budget = submitted.Budget ?? stored.Budget,
        TimelineMonths = submitted.TimelineMonths ?? stored.TimelineMonths,
        Need = submitted.Need ?? stored.Need,
    };

    private static Dictionary<string, string> FormProperties(LeadAttribution attribution)
    {
        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (attribution.FormId is { } formId)
        {
            properties["formId"] = formId;
        }

        if (attribution.PageUrl is { } pageUrl)
        {
            properties["pageUrl"] = pageUrl;
            if (Uri.TryCreate(pageUrl, UriKind.Absolute, out var uri))
            {
                properties["path"] = uri.AbsolutePath;
            }
        }

        if (attribution.UtmCampaign is { } campaign)
        {
            properties["utmCampaign"] = campaign;
        }

        return properties;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Captured form for lead {LeadId} (new: {Created})")]
    private static partial void LogCaptured(ILogger logger, string leadId, bool created);

    [LoggerMessage(Level = LogLevel.Information, Message = "Form submission with a filled honeypot ignored")]
    private static partial void LogHoneypot(ILogger logger);
}

/// <summary>The outcome of a capture: accepted (with the lead id), invalid (with reasons), or ignored (honeypot).</summary>
public sealed record CaptureResult
{
    private CaptureResult()
    {
    }

    public CaptureOutcome Outcome { get; private init; }

    public string? LeadId { get; private init; }

    public bool Created { get; private init; }

    /// <summary>Optional fields whose values could not be read and were left out (the lead is still captured).</summary>
    public IReadOnlyList<string> IgnoredFields { get; private init; } = [];

    public IReadOnlyList<ValidationError> Errors { get; private init; } = [];

    public static CaptureResult Accepted(string leadId, bool created, IReadOnlyList<string> ignoredFields) =>
        new() { Outcome = CaptureOutcome.Accepted, LeadId = leadId, Created = created, IgnoredFields = ignoredFields };

    public static CaptureResult Invalid(IReadOnlyList<ValidationError> errors) =>
        new() { Outcome = CaptureOutcome.Invalid, Errors = errors };

    public static CaptureResult Ignored(string decoyLeadId) =>
        new() { Outcome = CaptureOutcome.Ignored, LeadId = decoyLeadId };
}

public enum CaptureOutcome
{
    Accepted = 0,
    Invalid = 1,
    Ignored = 2,
}
