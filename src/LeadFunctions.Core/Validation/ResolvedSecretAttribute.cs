using System.ComponentModel.DataAnnotations;

namespace LeadFunctions.Validation;

/// <summary>
/// Rejects a setting that still holds an unresolved Key Vault reference (<c>@Microsoft.KeyVault(...)</c>): App
/// Service passes the literal text when it cannot resolve one, and that text must never become a key or password.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ResolvedSecretAttribute : ValidationAttribute
{
    public ResolvedSecretAttribute()
        : base("The setting {0} holds an unresolved Key Vault reference; check the app's identity and the secret's name.")
    {
    }

    public override bool IsValid(object? value) =>
        value is not string text || !text.TrimStart().StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase);
}
