using LeadFunctions.Leads;
using LeadFunctions.Scoring;

namespace LeadFunctions.Email;

/// <summary>What a hand-off email says, written once into its plain text and its HTML part.</summary>
/// <param name="Subject">The subject, one line.</param>
/// <param name="Intro">The reminder's reason, said first; null for the hand-off itself.</param>
/// <param name="Facts">The lead's contact and score, as labelled values.</param>
/// <param name="Reasons">The largest positive rule contributions.</param>
/// <param name="Events">The recent high-intent events.</param>
/// <param name="Ignored">What the scores ignored because machines made it ("3 clicks ignored: …").</param>
/// <param name="Link">The signed link to the hand-off page.</param>
/// <param name="LinkExpiresAt">When the link stops working.</param>
public sealed record EmailBody(
    string Subject,
    string? Intro,
    IReadOnlyList<EmailSection> Facts,
    IReadOnlyList<RuleContribution> Reasons,
    IReadOnlyList<ScoreContribution> Events,
    IReadOnlyList<IgnoredEventGroup> Ignored,
    string Link,
    DateTimeOffset LinkExpiresAt);
