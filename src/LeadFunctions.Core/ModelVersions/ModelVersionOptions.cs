using System.ComponentModel.DataAnnotations;
using System.Net.Mail;

namespace LeadFunctions.ModelVersions;

/// <summary>Settings of the model registry and its weekly review (section <c>Models</c>).</summary>
public sealed class ModelVersionOptions : IValidatableObject
{
    public const string SectionName = "Models";

    /// <summary>
    /// How often each instance reads the live pointer (one point read), in seconds: a publish on any instance is used
    /// everywhere within this time (the publishing instance uses it at once).
    /// </summary>
    [Range(1, 60)]
    public int LiveRefreshSeconds { get; set; } = 30;

    /// <summary>
    /// The weekly review's NCRONTAB schedule (with seconds; the sample and the Bicep set <c>0 0 6 * * 1</c>, Mondays 06:00
    /// UTC). The timer binds the setting itself; it is read here so that the recipient is required with it.
    /// </summary>
    public string ReviewSchedule { get; set; } = string.Empty;

    /// <summary>Days of recorded outcomes a review judges the live model on, back from the review.</summary>
    [Range(7, 730, ErrorMessage = "Models__ReviewWindowDays must be between 7 and 730.")]
    public int ReviewWindowDays { get; set; } = 90;

    /// <summary>The inbox of the review's email (drift, or a better candidate); required when the schedule is set.</summary>
    public string ReviewRecipient { get; set; } = string.Empty;

    public TimeSpan ReviewWindow => TimeSpan.FromDays(ReviewWindowDays);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ReviewRecipient.Length > 0 && !IsMailbox(ReviewRecipient))
        {
            yield return new ValidationResult(
                "Models__ReviewRecipient must be one email address, e.g. marketing-ops@example.com.", [nameof(ReviewRecipient)]);
        }
        else if (ReviewRecipient.Length == 0 && !string.IsNullOrWhiteSpace(ReviewSchedule))
        {
            yield return new ValidationResult(
                "Models__ReviewRecipient is required while Models__ReviewSchedule is set: the inbox the weekly model review "
                + "emails when the live model drifts or a better candidate is found, e.g. marketing-ops@example.com.",
                [nameof(ReviewRecipient)]);
        }
    }

    /// <summary>One bare address, as System.Net.Mail sends to it (no display name, no list, no spaces).</summary>
    private static bool IsMailbox(string value) =>
        value.Length <= 254
        && !value.Any(character => char.IsWhiteSpace(character) || char.IsControl(character))
        && MailAddress.TryCreate(value, out var address)
        && address.DisplayName.Length == 0
        && string.Equals(address.Address, value, StringComparison.Ordinal);
}
