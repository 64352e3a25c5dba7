namespace LeadFunctions.Scoring;

/// <summary>
/// Points when a captured field (one of <see cref="CapturedFields.Names"/>: <c>utm_source</c>, <c>industry</c>, a word of
/// the job title…) has one of <see cref="Values"/> (case-insensitive). Every field rule that matches counts.
/// </summary>
public sealed record FieldRule : ScoringRule
{
    /// <summary>The captured field's name, as <see cref="CapturedFields"/> spells it.</summary>
    public required string Field { get; init; }

    public required IReadOnlyList<string> Values { get; init; }
}
