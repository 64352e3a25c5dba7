using LeadFunctions.Outcomes;

namespace LeadFunctions.Http.Outcomes;

/// <summary>
/// An outcome file as read: its data lines, the lines that could not be split into the four fields, or the problem
/// that makes the whole file unusable (empty, wrong header), in which case nothing is imported.
/// </summary>
public sealed record OutcomeCsvFile(IReadOnlyList<OutcomeRow> Rows, IReadOnlyList<OutcomeLineError> Errors)
{
    /// <summary>Why the whole file is refused (answered 400); null when its lines can be imported.</summary>
    public string? Problem { get; init; }

    public static OutcomeCsvFile Refused(string problem) => new([], []) { Problem = problem };
}
