using LeadFunctions.Validation;

namespace LeadFunctions.Capture;

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
