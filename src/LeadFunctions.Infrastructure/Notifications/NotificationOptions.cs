using System.ComponentModel.DataAnnotations;

namespace LeadFunctions.Infrastructure.Notifications;

/// <summary>The SMTP relay (section <c>Smtp</c>): maildev locally; Azure Communication Services, SendGrid or Office 365 in Azure.</summary>
public sealed class SmtpOptions
{
    public const string SectionName = "Smtp";

    [Required]
    public string Host { get; set; } = string.Empty;

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    /// <summary>STARTTLS (System.Net.Mail upgrades the connection with STARTTLS when true).</summary>
    public bool EnableSsl { get; set; } = true;

    public string UserName { get; set; } = string.Empty;

    /// <summary>A secret: from a Key Vault reference in Azure; never logged.</summary>
    [Validation.ResolvedSecret]
    public string Password { get; set; } = string.Empty;

    [Required]
    [EmailAddress]
    public string FromAddress { get; set; } = string.Empty;

    public string FromName { get; set; } = "LeadFunctions";

    [Range(1, 300)]
    public int TimeoutSeconds { get; set; } = 30;
}

/// <summary>Who gets which SQL (section <c>Notifications</c>); routes as flat app settings (<c>Notifications__Routes__0__Countries</c>).</summary>
public sealed class NotificationOptions
{
    public const string SectionName = "Notifications";

    /// <summary>The inbox for SQLs that no route claims.</summary>
    [Required]
    [EmailAddress]
    public string DefaultRecipient { get; set; } = string.Empty;

    /// <summary>The lead link in the email is this base followed by the lead id.</summary>
    [Required]
    [Url]
    public string LeadLinkBaseUrl { get; set; } = string.Empty;

    /// <summary>First matching route wins.</summary>
    public IList<SalesRoute> Routes { get; } = [];
}

/// <summary>A routing rule: every condition that is set must match.</summary>
public sealed class SalesRoute
{
    /// <summary>Comma-separated country codes or names, e.g. "DE,AT,CH".</summary>
    public string? Countries { get; set; }

    public int? MinCompanySize { get; set; }

    public int? MaxCompanySize { get; set; }

    [Required]
    [EmailAddress]
    public string Recipient { get; set; } = string.Empty;

    public bool Matches(Leads.LeadProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (Countries is { Length: > 0 } countries)
        {
            var list = countries.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (profile.Country is null || !list.Contains(profile.Country, StringComparer.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        if (MinCompanySize is { } min && (profile.CompanySize is null || profile.CompanySize < min))
        {
            return false;
        }

        return MaxCompanySize is not { } max || (profile.CompanySize is not null && profile.CompanySize <= max);
    }
}
