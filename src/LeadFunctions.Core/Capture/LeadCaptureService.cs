using LeadFunctions.Engagement;
using LeadFunctions.Leads;
using LeadFunctions.Qualification;
using LeadFunctions.Scoring;
using LeadFunctions.Validation;
using LeadFunctions.Visitors;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.Capture;

/// <summary>
/// Captures a landing-page form: finds or creates the lead of the email, updates its profile, records a
/// "Form Submitted" event, joins the anonymous visitor that posted it (its earlier events move to the lead) and asks for
/// a rescore. After it returns, nothing is lost if the process dies.
/// </summary>
public sealed partial class LeadCaptureService(
    ILeadRepository leads,
    IRescoreQueue rescoreQueue,
    VisitorJoinService visitors,
    IScoringModelSource model,
    TimeProvider timeProvider,
    ILogger<LeadCaptureService> logger)
{
    /// <summary>The longest size, budget or timeline text read; a longer one is ignored without being parsed.</summary>
    private const int MaxNumberTextLength = 40;

    /// <summary>Times a form is stored before an erasure that keeps racing it fails the capture (then 503, retry).</summary>
    private const int MaxStoreAttempts = 3;

    /// <summary>One of <see cref="FormValues"/>' number readers.</summary>
    private delegate bool NumberParser<T>(string text, out T value);

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

        var attribution = ReadAttribution(request);
        var submitted = FormSubmitted(attribution);

        // A visitor id that cannot be one (too long, control characters) is left out like any unreadable optional value.
        var anonymousId = AnonymousIdRules.Normalize(FormValues.CookieValue(request.AnonymousId), out var anonymousIdProblem);
        if (anonymousIdProblem is not null)
        {
            ignored = [.. ignored, "anonymousId"];
        }

        var (lead, created) = await StoreAsync(profile, attribution, submitted, cancellationToken);
        if (anonymousId is not null)
        {
            await JoinVisitorAsync(lead.LeadId, anonymousId, cancellationToken);
        }

        await rescoreQueue.EnqueueAsync([lead.LeadId], cancellationToken);

        LogCaptured(logger, lead.LeadId, created);
        return CaptureResult.Accepted(lead.LeadId, created, ignored);
    }

    /// <summary>
    /// A new lead is written with its first event in one atomic write; a returning one is updated, then appended to. A
    /// returning lead erased in between (its erasure refuses both writes) leaves the form to a new lead, as a new
    /// contact's: the store never gives an erased lead's address back.
    /// </summary>
    private async Task<(Lead Lead, bool Created)> StoreAsync(
        LeadProfile profile,
        LeadAttribution attribution,
        StoredEvent submitted,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (lead, created) = await leads.GetOrCreateLeadAsync(profile, attribution, [submitted], cancellationToken);
            if (created)
            {
                return (lead, true);
            }

            try
            {
                lead = await LeadProfileUpdates.UpdateAsync(leads, lead, stored => Merge(stored, profile), timeProvider, cancellationToken);
                await leads.AppendEventsAsync(lead.LeadId, [submitted], cancellationToken);
                return (lead, false);
            }
            catch (LeadNotFoundException exception)
            {
                if (attempt == MaxStoreAttempts)
                {
                    throw new LeadConcurrencyException($"Lead {lead.LeadId} kept being erased while a form was stored; retry.", exception);
                }

                LogErasedMeanwhile(logger, lead.LeadId);
            }
        }
    }

    /// <summary>
    /// The visitor's events join the lead (before the rescore, so it counts them once). A lead erased since the form was
    /// stored keeps nothing: its erasure took the form too.
    /// </summary>
    private async Task JoinVisitorAsync(string leadId, string anonymousId, CancellationToken cancellationToken)
    {
        try
        {
            await visitors.JoinAsync(leadId, anonymousId, cancellationToken);
        }
        catch (LeadNotFoundException)
        {
            LogErasedBeforeJoin(logger, leadId);
        }
    }

    private (LeadProfile Profile, IReadOnlyList<string> IgnoredFields, IReadOnlyList<ValidationError> Errors) ReadProfile(
        LeadCaptureRequest request)
    {
        var ignored = new List<string>();
        var companySize = ReadNumber<int>(request.CompanySize, FormValues.TryParseCompanySize, "companySize", ignored);
        var budget = ReadNumber<decimal>(request.Budget, FormValues.TryParseBudget, "budget", ignored);
        var timeline = ReadNumber<int>(request.Timeline, FormValues.TryParseTimelineMonths, "timeline", ignored);

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

        return (profile, ignored, Validate(profile, request));
    }

    /// <summary>
    /// An optional number field: absent when blank; when longer than <see cref="MaxNumberTextLength"/> characters or
    /// unreadable, absent and named in <paramref name="ignored"/> (the lead is still captured).
    /// </summary>
    private static T? ReadNumber<T>(string? text, NumberParser<T> tryParse, string field, List<string> ignored)
        where T : struct
    {
        if (FormValues.Clean(text) is not { } cleaned)
        {
            return null;
        }

        if (cleaned.Length <= MaxNumberTextLength && tryParse(cleaned, out var value))
        {
            return value;
        }

        ignored.Add(field);
        return null;
    }

    /// <summary>The profile's rules, then the limits of the attribution fields.</summary>
    private List<ValidationError> Validate(LeadProfile profile, LeadCaptureRequest request)
    {
        var errors = new List<ValidationError>();
        errors.AddRange(LeadProfileRules.Validate(profile, model.Current));
        if (FormValues.Clean(request.FormId) is { Length: > 100 })
        {
            errors.Add(new("formId", "must be at most 100 characters"));
        }

        if (FormValues.Clean(request.PageUrl) is { Length: > 2000 })
        {
            errors.Add(new("pageUrl", "must be at most 2000 characters"));
        }

        var utm = new[] { ("utm_source", request.UtmSource), ("utm_medium", request.UtmMedium), ("utm_campaign", request.UtmCampaign) };
        foreach (var (field, value) in utm)
        {
            LeadProfileRules.CheckText(errors, field, value, LeadProfileRules.MaxTextLength);
        }

        return errors;
    }

    private static LeadAttribution ReadAttribution(LeadCaptureRequest request) => new()
    {
        FormId = FormValues.Clean(request.FormId),
        PageUrl = FormValues.Clean(request.PageUrl),
        UtmSource = LeadAttribution.CutGroupValue(FormValues.Clean(request.UtmSource)),
        UtmMedium = FormValues.Clean(request.UtmMedium),
        UtmCampaign = LeadAttribution.CutGroupValue(FormValues.Clean(request.UtmCampaign)),
        Consent = FormValues.ParseConsent(request.Consent),
    };

    private StoredEvent FormSubmitted(LeadAttribution attribution) => new("form", new EngagementEvent
    {
        EventId = Lead.NewLeadId(timeProvider),
        Type = "Form Submitted",
        OccurredAt = timeProvider.GetUtcNow(),
        Properties = FormProperties(attribution),
    });

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

    [LoggerMessage(Level = LogLevel.Information, Message = "Lead {LeadId} was erased while a form for it was stored; storing it again")]
    private static partial void LogErasedMeanwhile(ILogger logger, string leadId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Lead {LeadId} was erased before its form's visitor could join it")]
    private static partial void LogErasedBeforeJoin(ILogger logger, string leadId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Form submission with a filled honeypot ignored")]
    private static partial void LogHoneypot(ILogger logger);
}
