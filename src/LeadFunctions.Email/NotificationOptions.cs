using System.ComponentModel.DataAnnotations;

namespace LeadFunctions.Email;

/// <summary>
/// Who gets which SQL and what the email links to (section <c>Notifications</c>). Routes are flat app settings,
/// because Azure app settings hold no JSON arrays: <c>Notifications__Routes__0__Countries=DE,AT,CH</c>,
/// <c>Notifications__Routes__0__Recipient=dach-sales@example.com</c>. Checked at start by the data annotations and
/// <see cref="NotificationOptionsValidator"/>.
/// </summary>
public sealed class NotificationOptions
{
    public const string SectionName = "Notifications";

    /// <summary>The inbox for SQLs that no route claims.</summary>
    [Required(ErrorMessage = "Notifications__DefaultRecipient is required: the inbox for SQLs that no route claims.")]
    [Mailbox(ErrorMessage = "Notifications__DefaultRecipient must be one email address, e.g. sales@example.com.")]
    public string DefaultRecipient { get; set; } = string.Empty;

    /// <summary>
    /// The app's public base URL, where its routes start (e.g. https://&lt;app&gt;.azurewebsites.net/api/): the email links to
    /// the hand-off page at this base followed by <c>handoffs/{token}</c>.
    /// </summary>
    [Required(ErrorMessage = "Notifications__PublicBaseUrl is required: the app's public base URL, "
        + "e.g. https://<app>.azurewebsites.net/api/.")]
    public string PublicBaseUrl { get; set; } = string.Empty;

    /// <summary>Optional: an inbox (a sales manager's) copied on every SLA reminder.</summary>
    [Mailbox(ErrorMessage = "Notifications__EscalationRecipient must be one email address, e.g. sales-manager@example.com, or empty.")]
    public string EscalationRecipient { get; set; } = string.Empty;

    /// <summary>Tried in order; the first route that matches the lead wins.</summary>
    public IList<SalesRoute> Routes { get; } = [];
}
