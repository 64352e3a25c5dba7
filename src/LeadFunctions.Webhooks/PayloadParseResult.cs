using System.Diagnostics.CodeAnalysis;
using LeadFunctions.Engagement;

namespace LeadFunctions.Webhooks;

/// <summary>
/// What a webhook body held: either a whole-body <see cref="Error"/> (the endpoint answers 400 and stores nothing),
/// or <see cref="Events"/> (accepted items and per-item rejections) with two counts of items that were neither.
/// </summary>
public sealed class PayloadParseResult
{
    private PayloadParseResult(ParsedEvents? events, string? error, int ignored, int duplicates)
    {
        Events = events;
        Error = error;
        Ignored = ignored;
        Duplicates = duplicates;
    }

    /// <summary>The accepted and rejected items; null when the whole body is unusable.</summary>
    public ParsedEvents? Events { get; }

    /// <summary>Why the whole body is unusable (safe to return: never quotes the body); null otherwise.</summary>
    public string? Error { get; }

    /// <summary>Provider items that are valid but are not engagement this backend keeps (SendGrid "processed", Segment "screen").</summary>
    public int Ignored { get; }

    /// <summary>Later items of the same batch that repeat an accepted item's event id; only the first is kept.</summary>
    public int Duplicates { get; }

    [MemberNotNullWhen(true, nameof(Events))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsValid => Events is not null;

    internal static PayloadParseResult Parsed(ParsedEvents events, int ignored, int duplicates) => new(events, null, ignored, duplicates);

    internal static PayloadParseResult Invalid(string error) => new(null, error, 0, 0);
}
