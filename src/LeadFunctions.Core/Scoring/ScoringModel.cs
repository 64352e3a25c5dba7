using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace LeadFunctions.Scoring;

/// <summary>
/// A validated, compiled lead-scoring model: fit rules, engagement rules with caps, repeat limits and decay,
/// stage thresholds and fit grades. Load one with <see cref="Parse(string)"/> or use <see cref="Default"/>.
/// Immutable and safe to share between threads.
/// </summary>
public sealed class ScoringModel : IScoringModelSource
{
    /// <summary>Largest model document accepted, in characters.</summary>
    public const int MaxDocumentLength = 1_000_000;

    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(50);

    private static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web)
    {
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        MaxDepth = 16,
    };

    private static readonly JsonSerializerOptions WriterOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    private static readonly Lazy<ScoringModel> DefaultModel = new(LoadDefault);

    private readonly FrozenDictionary<string, EventTypeInfo> _eventTypes;
    private readonly FrozenDictionary<string, EventTypeInfo> _eventTypesExactCase;
    private readonly FrozenSet<string> _disposableDomains;
    private readonly FrozenSet<string> _freeMailDomains;
    private readonly FrozenSet<string> _pqlCategories;

    private ScoringModel(ScoringModelDocument document)
    {
        Version = document.Version;
        Fit = document.Fit;
        Engagement = document.Engagement;
        Qualification = document.Qualification;
        Grades = document.Grades;

        JobTitlePatterns = [.. Fit.JobTitle.Select(rule => new Regex(
            rule.Pattern,
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled,
            PatternTimeout))];

        EngagementRules = [.. Engagement.Rules];
        PointsInCents = [.. EngagementRules.Select(rule => (long)(rule.Points * 100))];
        HalfLives = [.. EngagementRules.Select(rule => rule.Decays
            ? TimeSpan.FromDays(rule.HalfLifeDays ?? Engagement.DefaultHalfLifeDays)
            : (TimeSpan?)null)];
        _eventTypes = IndexEventTypes(EngagementRules, Engagement, Qualification);
        HalfLifeTicks = [.. HalfLives.Select(halfLife => halfLife is { } h ? (double)h.Ticks : 0)];
        _eventTypesExactCase = _eventTypes.ToFrozenDictionary(StringComparer.Ordinal);
        KnownEventTypes = _eventTypes.Keys.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        RepeatLimitNotes = [.. EngagementRules.Select(rule => (
            rule.MaxCount is { } maxCount
                ? string.Create(CultureInfo.InvariantCulture, $"repeat limit: only the first {maxCount} count")
                : null,
            rule.OncePer is { } property ? $"repeat limit: once per {property}" : null))];
        _disposableDomains = Fit.DisposableDomains.Select(NormalizeDomain).ToFrozenSet(StringComparer.Ordinal);
        _freeMailDomains = CapturedFields.BuiltInFreeMailDomains
            .Concat(Fit.EmailDomain.Where(rule => rule.Id.Contains(CapturedFields.FreeMail, StringComparison.OrdinalIgnoreCase))
                .SelectMany(rule => rule.Domains))
            .Select(NormalizeDomain)
            .ToFrozenSet(StringComparer.Ordinal);
        FieldValues =
            [.. Fit.Fields.Select(rule => rule.Values.Select(value => value.Trim()).ToFrozenSet(StringComparer.OrdinalIgnoreCase))];
        _pqlCategories = (Qualification.Pql?.Categories ?? []).ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        HighIntentWindow = TimeSpan.FromDays(Qualification.Sql.HighIntentWithinDays);
    }

    /// <summary>The model shipped with the product (Scoring/scoring-model.json), for B2B SaaS teams to start with.</summary>
    public static ScoringModel Default => DefaultModel.Value;

    /// <summary>Recorded with every score, so that a score can always be traced to the model that gave it.</summary>
    public string Version { get; }

    /// <summary>A fixed model is its own source.</summary>
    ScoringModel IScoringModelSource.Current => this;

    public FitModel Fit { get; }

    public EngagementModel Engagement { get; }

    public QualificationModel Qualification { get; }

    public IReadOnlyList<GradeBand> Grades { get; }

    /// <summary>Every event type the model knows: scored ones, unscored ones and high-intent ones.</summary>
    public IReadOnlySet<string> KnownEventTypes { get; }

    internal Regex[] JobTitlePatterns { get; }

    /// <summary>Per field rule (same index as <see cref="FitModel.Fields"/>): its values, compared ignoring case.</summary>
    internal FrozenSet<string>[] FieldValues { get; }

    internal EngagementRule[] EngagementRules { get; }

    /// <summary>Per engagement rule (same index): its points in hundredths (the validator allows two decimals).</summary>
    internal long[] PointsInCents { get; }

    /// <summary>Per engagement rule (same index): its half-life, or null when its points do not decay.</summary>
    internal TimeSpan?[] HalfLives { get; }

    /// <summary>Per engagement rule (same index): its half-life in ticks, 0 when its points do not decay.</summary>
    internal double[] HalfLifeTicks { get; }

    internal TimeSpan HighIntentWindow { get; }

    /// <summary>Per engagement rule (same index): the explanation notes of its repeat limits.</summary>
    internal (string? MaxCount, string? OncePer)[] RepeatLimitNotes { get; }

    /// <summary>Parses and validates a model document; throws <see cref="ScoringModelException"/> naming every bad path.</summary>
    public static ScoringModel Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (json.Length > MaxDocumentLength)
        {
            throw new ScoringModelException(
                [new ModelError("$", $"the document is {json.Length} characters; at most {MaxDocumentLength} are accepted")]);
        }

        ScoringModelDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<ScoringModelDocument>(json, SerializerOptions);
        }
        catch (JsonException exception)
        {
            throw new ScoringModelException([new ModelError(exception.Path ?? "$", DescribeJsonError(exception))]);
        }

        if (document is null)
        {
            throw new ScoringModelException([new ModelError("$", "the document is null; expected an object")]);
        }

        var errors = ScoringModelValidator.Validate(document, PatternTimeout);
        if (errors.Count > 0)
        {
            throw new ScoringModelException(errors);
        }

        return new ScoringModel(document);
    }

    /// <summary>Writes a model document as JSON that <see cref="Parse(string)"/> reads back: camelCase, unset options left out.</summary>
    public static string Write(ScoringModelDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return JsonSerializer.Serialize(document, WriterOptions);
    }

    /// <summary>The model's document, to derive a changed model from (for example one with suggested points).</summary>
    public ScoringModelDocument ToDocument() => new()
    {
        Version = Version,
        Fit = Fit,
        Engagement = Engagement,
        Qualification = Qualification,
        Grades = Grades,
    };

    /// <summary>Reads and parses a model document from a stream.</summary>
    public static async Task<ScoringModel> LoadAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new StreamReader(stream);
        var buffer = new char[MaxDocumentLength + 1];
        var length = await reader.ReadBlockAsync(buffer.AsMemory(), cancellationToken);
        return Parse(new string(buffer, 0, length));
    }

    /// <summary>True when the type is scored, high-intent, or accepted unscored.</summary>
    public bool IsKnownEventType(string eventType) => _eventTypes.ContainsKey(eventType);

    /// <summary>True when the address's domain (or a parent domain) is on the disposable list.</summary>
    public bool IsDisposableDomain(string domain) => IsListed(domain, _disposableDomains);

    /// <summary>
    /// True when the domain (or a parent domain) is a free-mail provider's: on <see cref="CapturedFields.BuiltInFreeMailDomains"/>
    /// or on one of the model's email-domain rules whose id contains <c>free-mail</c>.
    /// </summary>
    public bool IsFreeMailDomain(string domain) => IsListed(domain, _freeMailDomains);

    private static bool IsListed(string domain, FrozenSet<string> domains)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var candidate = NormalizeDomain(domain);
        while (true)
        {
            if (domains.Contains(candidate))
            {
                return true;
            }

            var dot = candidate.IndexOf('.', StringComparison.Ordinal);
            if (dot < 0)
            {
                return false;
            }

            candidate = candidate[(dot + 1)..];
        }
    }


    internal bool IsPqlCategory(string category) => _pqlCategories.Contains(category);

    /// <summary>The rules (indexes, in priority order) and high-intent flag of a known event type.</summary>
    internal bool TryGetEventType(string eventType, out EventTypeInfo info) =>
        _eventTypesExactCase.TryGetValue(eventType, out info!) || _eventTypes.TryGetValue(eventType, out info!);

    /// <summary>Every event type the model knows, with the indexes of its rules (in priority order) and its high-intent flag.</summary>
    private static FrozenDictionary<string, EventTypeInfo> IndexEventTypes(
        EngagementRule[] rules,
        EngagementModel engagement,
        QualificationModel qualification)
    {
        var highIntent = qualification.Sql.HighIntentEventTypes.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return rules.Select(rule => rule.EventType)
            .Concat(engagement.UnscoredEventTypes)
            .Concat(highIntent)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToFrozenDictionary(
                type => type,
                type => new EventTypeInfo(
                    [.. rules.Select((rule, index) => (rule, index))
                        .Where(pair => string.Equals(pair.rule.EventType, type, StringComparison.OrdinalIgnoreCase))
                        .Select(pair => pair.index)],
                    highIntent.Contains(type)),
                StringComparer.OrdinalIgnoreCase);
    }

    internal static string NormalizeDomain(string domain) => domain.Trim().TrimEnd('.').ToLowerInvariant();

    private static string DescribeJsonError(JsonException exception)
    {
        // The serializer's messages name .NET types; keep the part a model author can act on.
        var message = exception.Message;
        var pathIndex = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (pathIndex > 0)
        {
            message = message[..pathIndex];
        }

        return message
            .Replace("LeadFunctions.Scoring.", string.Empty, StringComparison.Ordinal)
            .Replace("System.", string.Empty, StringComparison.Ordinal);
    }

    private static ScoringModel LoadDefault()
    {
        using var stream = typeof(ScoringModel).Assembly.GetManifestResourceStream("LeadFunctions.Scoring.scoring-model.json")
            ?? throw new InvalidOperationException("The default scoring model is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }
}
