using System.Globalization;
using LeadFunctions.Notifications;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Email;

/// <summary>
/// The one rule that spans two sections, so no data annotation can hold it: a send must end before its outbox lease
/// (<c>Handoff__SendLease</c>) does, or a slow send could be claimed and sent again by the next run.
/// </summary>
internal sealed class SmtpLeaseCheck(IOptions<HandoffOptions> handoffOptions) : IValidateOptions<SmtpOptions>
{
    public ValidateOptionsResult Validate(string? name, SmtpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var lease = handoffOptions.Value.SendLease;
        return TimeSpan.FromSeconds(options.TimeoutSeconds) < lease
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(string.Create(
                CultureInfo.InvariantCulture,
                $"Smtp__TimeoutSeconds ({options.TimeoutSeconds}) must be shorter than Handoff__SendLease ({lease}): ")
                + "a send still running when its lease expires can be claimed and sent again by the next run.");
    }
}
