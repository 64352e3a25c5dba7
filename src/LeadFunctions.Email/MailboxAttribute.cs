using System.ComponentModel.DataAnnotations;
using System.Net.Mail;

namespace LeadFunctions.Email;

/// <summary>
/// A single bare email address (no display name, no list), as System.Net.Mail will accept it; empty passes (use Required).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class MailboxAttribute : ValidationAttribute
{
    public override bool IsValid(object? value) => value is not string text || text.Length == 0 || IsMailbox(text);

    public static bool IsMailbox(string value) =>
        value.Length <= 254
        && !value.Any(character => char.IsWhiteSpace(character) || char.IsControl(character))
        && MailAddress.TryCreate(value, out var address)
        && address.DisplayName.Length == 0
        && string.Equals(address.Address, value, StringComparison.Ordinal);
}
