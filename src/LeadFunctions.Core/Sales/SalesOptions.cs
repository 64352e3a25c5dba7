using System.ComponentModel.DataAnnotations;
using LeadFunctions.Leads;

namespace LeadFunctions.Sales;

/// <summary>
/// The reasons sales can give (section <c>Sales</c>), each list comma-separated: a reject reason from
/// <c>Sales__RecycleReasons</c> sends the lead back to nurture (Recycled), one from <c>Sales__DisqualifyReasons</c>
/// disqualifies it; <c>Sales__LostReasons</c> are the reasons a deal is lost.
/// </summary>
public sealed class SalesOptions : IValidatableObject
{
    public const string SectionName = "Sales";

    /// <summary>The longest reason (they are picked from a list, shown on the page and kept in the history).</summary>
    public const int MaxReasonLength = 60;

    /// <summary>The longest note a sales action can carry.</summary>
    public const int MaxNoteLength = 1_000;

    public string RecycleReasons { get; set; } = "No budget,Bad timing,No response";

    public string DisqualifyReasons { get; set; } = "Not a fit,Duplicate,Competitor,Spam or fake";

    public string LostReasons { get; set; } = "Price,Went with a competitor,No decision,Bad timing,Other";

    public IReadOnlyList<string> GetRecycleReasons() => Split(RecycleReasons);

    public IReadOnlyList<string> GetDisqualifyReasons() => Split(DisqualifyReasons);

    public IReadOnlyList<string> GetLostReasons() => Split(LostReasons);

    /// <summary>
    /// Where a reject with this reason sends the lead (Recycled or Disqualified), with the reason as configured; null for an unknown
    /// reason.
    /// </summary>
    public (LeadStage Target, string Reason)? FindRejectReason(string? reason) =>
        Find(GetRecycleReasons(), reason) is { } recycle ? (LeadStage.Recycled, recycle)
        : Find(GetDisqualifyReasons(), reason) is { } disqualify ? (LeadStage.Disqualified, disqualify)
        : null;

    /// <summary>The configured recycle reason that matches (ignoring case and surrounding spaces), or null.</summary>
    public string? FindRecycleReason(string? reason) => Find(GetRecycleReasons(), reason);

    /// <summary>The configured disqualify reason that matches (ignoring case and surrounding spaces), or null.</summary>
    public string? FindDisqualifyReason(string? reason) => Find(GetDisqualifyReasons(), reason);

    /// <summary>The configured lost reason that matches (ignoring case and surrounding spaces), or null.</summary>
    public string? FindLostReason(string? reason) => Find(GetLostReasons(), reason);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var lists = new[]
        {
            ("Sales__RecycleReasons", GetRecycleReasons()),
            ("Sales__DisqualifyReasons", GetDisqualifyReasons()),
            ("Sales__LostReasons", GetLostReasons()),
        };
        foreach (var (setting, reasons) in lists)
        {
            if (reasons.Any(reason => reason.Length > MaxReasonLength || reason.Any(char.IsControl)))
            {
                yield return new ValidationResult(
                    $"{setting}: every reason must be one line of at most {MaxReasonLength} characters.",
                    [setting]);
            }
        }

        if (GetRecycleReasons().Count + GetDisqualifyReasons().Count == 0)
        {
            yield return new ValidationResult(
                "Sales__RecycleReasons and Sales__DisqualifyReasons are both empty: a rejection needs at least one reason.",
                ["Sales__RecycleReasons"]);
        }

        if (GetLostReasons().Count == 0)
        {
            yield return new ValidationResult(
                "Sales__LostReasons is empty: a lost deal needs at least one reason.",
                ["Sales__LostReasons"]);
        }

        var both = GetRecycleReasons().Intersect(GetDisqualifyReasons(), StringComparer.OrdinalIgnoreCase).ToArray();
        if (both.Length > 0)
        {
            yield return new ValidationResult(
                "Sales__RecycleReasons and Sales__DisqualifyReasons share a reason; each reject reason must lead to one stage.",
                ["Sales__DisqualifyReasons"]);
        }
    }

    private static string? Find(IReadOnlyList<string> reasons, string? reason)
    {
        var wanted = reason?.Trim();
        return string.IsNullOrEmpty(wanted)
            ? null
            : reasons.FirstOrDefault(candidate => string.Equals(candidate, wanted, StringComparison.OrdinalIgnoreCase));
    }

    private static string[] Split(string reasons) =>
        [.. reasons
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase)];
}
