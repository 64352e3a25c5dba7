using System.Buffers;
using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;

namespace LeadFunctions.Engagement;

/// <summary>
/// Tells a machine's engagement from a person's, by pure rules over a lead's stored events (settings
/// <see cref="EngagementOptions"/>), applied in this order, the first that matches deciding:
/// <list type="number">
/// <item><c>apple-mpp</c>: an open with <c>machineOpen</c> "true" (SendGrid's <c>sg_machine_open</c>: Apple Mail Privacy
/// Protection fetches every email on delivery).</item>
/// <item><c>user-agent</c>: an event whose user agent's family (stored as <see cref="UserAgentFamilyProperty"/>, never
/// the user agent) is one of <c>Engagement__UserAgentPatterns</c> switched on.</item>
/// <item><c>after-delivery</c>: a click sooner than <c>Engagement__MinSecondsAfterDelivery</c> after its email's
/// <c>Email Delivered</c> event (or, without one, its <c>Email Sent</c>): the same <c>emailId</c>, on the same lead.</item>
/// <item><c>link-burst</c>: <c>Engagement__BurstLinks</c> or more distinct links of one email clicked within
/// <c>Engagement__BurstSeconds</c>: every click of the burst.</item>
/// </list>
/// The scorer classifies at every scoring, from the events as stored, so a settings change reclassifies a lead's events
/// at its next rescore. Thread-safe; built once per host from the settings.
/// </summary>
public sealed class MachineEngagementClassifier
{
    /// <summary>The event property that keeps the family of the user agent an event came with (the user agent is not kept).</summary>
    public const string UserAgentFamilyProperty = "userAgentFamily";

    /// <summary>The family of a user agent that matches no family of automated clients.</summary>
    public const string BrowserFamily = "browser";

    /// <summary>The longest user agent read; the rest of a longer one is not looked at.</summary>
    public const int MaxUserAgentLength = 1_000;

    private readonly (string Family, Regex Pattern)[] _families;
    private readonly FrozenDictionary<string, MachineVerdict> _familyVerdicts;
    private readonly MachineVerdict _appleMailPrivacy;
    private readonly MachineVerdict _afterDelivery;
    private readonly MachineVerdict _linkBurst;
    private readonly long _minTicksAfterDelivery;
    private readonly int _burstLinks;
    private readonly long _burstTicks;

    public MachineEngagementClassifier(EngagementOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _families = [.. options.EnabledFamilies().Select(family => (family.Family, EngagementOptions.Compile(family.Pattern)))];
        _familyVerdicts = _families.ToFrozenDictionary(
            family => family.Family,
            family => MachineVerdict.Machine(MachineRule.UserAgent, $"user agent of an automated client ({family.Family})"),
            StringComparer.OrdinalIgnoreCase);
        _appleMailPrivacy = MachineVerdict.Machine(
            MachineRule.AppleMailPrivacy, "opened by Apple Mail Privacy Protection on delivery (sg_machine_open)");
        _afterDelivery = MachineVerdict.Machine(MachineRule.AfterDelivery, string.Create(
            CultureInfo.InvariantCulture, $"clicked within {options.MinSecondsAfterDelivery} s of delivery (mail scanner)"));
        _linkBurst = MachineVerdict.Machine(MachineRule.LinkBurst, string.Create(
            CultureInfo.InvariantCulture,
            $"{options.BurstLinks} or more links of one email clicked within {options.BurstSeconds} s (mail scanner)"));
        _minTicksAfterDelivery = TimeSpan.FromSeconds(options.MinSecondsAfterDelivery).Ticks;
        _burstLinks = options.BurstLinks;
        _burstTicks = TimeSpan.FromSeconds(options.BurstSeconds).Ticks;
    }

    /// <summary>The rules with their default settings: what scores when no settings are given (tests, benchmarks, tools).</summary>
    public static MachineEngagementClassifier Default { get; } = new(new EngagementOptions());

    /// <summary>
    /// The family an event keeps of its user agent: the first family (by name) whose pattern matches it,
    /// <see cref="BrowserFamily"/> when none does, null without a user agent. Only the first
    /// <see cref="MaxUserAgentLength"/> characters are looked at.
    /// </summary>
    public string? UserAgentFamily(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return null;
        }

        var text = userAgent.AsSpan(0, Math.Min(userAgent.Length, MaxUserAgentLength));
        foreach (var (family, pattern) in _families)
        {
            if (pattern.IsMatch(text))
            {
                return family;
            }
        }

        return BrowserFamily;
    }

    /// <summary>
    /// The verdict of each of a lead's events that a machine made (any order; an id counts once). One pass over the
    /// events, which also keeps the times of the clicks (in a pooled array); allocating nothing for a lead without
    /// machine events unless it has deliveries to measure clicks from.
    /// </summary>
    public MachineVerdicts Classify(IReadOnlyList<EngagementEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        Dictionary<string, MachineVerdict>? verdicts = null;
        long[]? clickTicks = null;
        var (clicks, deliveries) = (0, false);
        try
        {
            for (var i = 0; i < events.Count; i++)
            {
                var engagementEvent = events[i];
                if (engagementEvent.Properties.Count == 0)
                {
                    continue; // every rule reads a property: machineOpen, the user agent's family, emailId
                }

                if (EventVerdict(engagementEvent) is { } verdict)
                {
                    (verdicts ??= new(StringComparer.Ordinal)).TryAdd(engagementEvent.EventId, verdict);
                }

                // The type is read once here: a click (with its email) or a delivery (until one is found).
                var type = engagementEvent.Type;
                if (Is(type, EmailEventTypes.LinkClicked))
                {
                    if (engagementEvent.GetProperty(EmailEventTypes.EmailIdProperty) is not null)
                    {
                        clickTicks ??= ArrayPool<long>.Shared.Rent(events.Count - i);
                        clickTicks[clicks++] = engagementEvent.OccurredAt.UtcTicks;
                    }
                }
                else if (!deliveries && (Is(type, EmailEventTypes.Delivered) || Is(type, EmailEventTypes.Sent)))
                {
                    deliveries = engagementEvent.GetProperty(EmailEventTypes.EmailIdProperty) is not null;
                }
            }

            if (clicks > 0 && deliveries && _minTicksAfterDelivery > 0)
            {
                MarkSoonAfterDelivery(events, ref verdicts);
            }

            if (clicks >= _burstLinks && AnyBurstWindow(clickTicks.AsSpan(0, clicks)))
            {
                MarkBursts(events, ref verdicts);
            }
        }
        finally
        {
            if (clickTicks is not null)
            {
                ArrayPool<long>.Shared.Return(clickTicks);
            }
        }

        return verdicts is null ? MachineVerdicts.None : new MachineVerdicts(verdicts);
    }

    /// <summary>The rules that need the event alone: a mail privacy proxy's open, an automated client's user agent.</summary>
    private MachineVerdict? EventVerdict(EngagementEvent engagementEvent)
    {
        if (Is(engagementEvent.Type, EmailEventTypes.Opened)
            && string.Equals(engagementEvent.GetProperty(EmailEventTypes.MachineOpenProperty), "true", StringComparison.OrdinalIgnoreCase))
        {
            return _appleMailPrivacy;
        }

        return _familyVerdicts.Count > 0
            && engagementEvent.GetProperty(UserAgentFamilyProperty) is { } family
            && _familyVerdicts.TryGetValue(family, out var verdict)
            ? verdict
            : null;
    }

    /// <summary>The clicks sooner after their email's delivery (else its send) than a person reads and clicks.</summary>
    private void MarkSoonAfterDelivery(IReadOnlyList<EngagementEvent> events, ref Dictionary<string, MachineVerdict>? verdicts)
    {
        var deliveries = new Dictionary<string, Delivery>(StringComparer.Ordinal);
        for (var i = 0; i < events.Count; i++)
        {
            if (DeliveryOf(events[i]) is { } emailId)
            {
                var known = deliveries.GetValueOrDefault(emailId, Delivery.None);
                deliveries[emailId] = known.With(Is(events[i].Type, EmailEventTypes.Delivered), events[i].OccurredAt.UtcTicks);
            }
        }

        for (var i = 0; i < events.Count; i++)
        {
            if (EmailIdOfClick(events[i]) is { } emailId
                && deliveries.TryGetValue(emailId, out var delivery)
                && events[i].OccurredAt.UtcTicks - delivery.UtcTicks < _minTicksAfterDelivery)
            {
                (verdicts ??= new(StringComparer.Ordinal)).TryAdd(events[i].EventId, _afterDelivery);
            }
        }
    }

    /// <summary>
    /// Whether any <c>BurstLinks</c> clicks, of any emails, fall within <c>BurstSeconds</c> (<paramref name="clickTicks"/>:
    /// every click's time, sorted here): without that, no email can have a burst, and the clicks are not grouped at all.
    /// </summary>
    private bool AnyBurstWindow(Span<long> clickTicks)
    {
        clickTicks.Sort();
        for (var i = 0; i + _burstLinks - 1 < clickTicks.Length; i++)
        {
            if (clickTicks[i + _burstLinks - 1] - clickTicks[i] <= _burstTicks)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Every email's clicks in time order, each searched for bursts.</summary>
    private void MarkBursts(IReadOnlyList<EngagementEvent> events, ref Dictionary<string, MachineVerdict>? verdicts)
    {
        var byEmail = new Dictionary<string, List<EngagementEvent>>(StringComparer.Ordinal);
        for (var i = 0; i < events.Count; i++)
        {
            if (EmailIdOfClick(events[i]) is { } emailId)
            {
                if (!byEmail.TryGetValue(emailId, out var clicks))
                {
                    byEmail[emailId] = clicks = [];
                }

                clicks.Add(events[i]);
            }
        }

        foreach (var clicks in byEmail.Values.Where(clicks => clicks.Count >= _burstLinks))
        {
            var ordered = clicks
                .OrderBy(click => click.OccurredAt.UtcTicks)
                .ThenBy(click => click.EventId, StringComparer.Ordinal)
                .ToArray();
            MarkBursts(ordered, ref verdicts);
        }
    }

    /// <summary>
    /// Slides a window of <c>BurstSeconds</c> over one email's clicks in time order: whenever it holds
    /// <c>BurstLinks</c> distinct links, every click in it is a scanner's.
    /// </summary>
    private void MarkBursts(EngagementEvent[] ordered, ref Dictionary<string, MachineVerdict>? verdicts)
    {
        var links = new Dictionary<string, int>(StringComparer.Ordinal);
        var (left, marked) = (0, 0);
        for (var right = 0; right < ordered.Length; right++)
        {
            var link = ordered[right].GetProperty(EmailEventTypes.UrlProperty) ?? string.Empty;
            links[link] = links.GetValueOrDefault(link) + 1;
            while (ordered[right].OccurredAt.UtcTicks - ordered[left].OccurredAt.UtcTicks > _burstTicks)
            {
                var leaving = ordered[left++].GetProperty(EmailEventTypes.UrlProperty) ?? string.Empty;
                if (--links[leaving] == 0)
                {
                    links.Remove(leaving);
                }
            }

            if (links.Count >= _burstLinks)
            {
                for (var k = Math.Max(left, marked); k <= right; k++)
                {
                    (verdicts ??= new(StringComparer.Ordinal)).TryAdd(ordered[k].EventId, _linkBurst);
                }

                marked = right + 1;
            }
        }
    }

    /// <summary>The email a click belongs to; null for any other event, and for a click without one.</summary>
    private static string? EmailIdOfClick(EngagementEvent engagementEvent) =>
        engagementEvent.Properties.Count > 0 && Is(engagementEvent.Type, EmailEventTypes.LinkClicked)
            ? engagementEvent.GetProperty(EmailEventTypes.EmailIdProperty)
            : null;

    /// <summary>The email a delivery or send belongs to; null for any other event.</summary>
    private static string? DeliveryOf(EngagementEvent engagementEvent) =>
        engagementEvent.Properties.Count > 0
        && (Is(engagementEvent.Type, EmailEventTypes.Delivered) || Is(engagementEvent.Type, EmailEventTypes.Sent))
            ? engagementEvent.GetProperty(EmailEventTypes.EmailIdProperty)
            : null;

    private static bool Is(string type, string emailType) => string.Equals(type, emailType, StringComparison.OrdinalIgnoreCase);

    /// <summary>When an email was delivered (its earliest Email Delivered), else sent (its earliest Email Sent).</summary>
    private readonly record struct Delivery(long DeliveredTicks, long SentTicks)
    {
        public static Delivery None { get; } = new(long.MaxValue, long.MaxValue);

        /// <summary>The time the rule measures from: delivery when known, else the send.</summary>
        public long UtcTicks => DeliveredTicks != long.MaxValue ? DeliveredTicks : SentTicks;

        public Delivery With(bool delivered, long ticks) => delivered
            ? this with { DeliveredTicks = Math.Min(DeliveredTicks, ticks) }
            : this with { SentTicks = Math.Min(SentTicks, ticks) };
    }
}
