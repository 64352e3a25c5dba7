using LeadFunctions.Validation;

namespace LeadFunctions.Core.Tests.Validation;

public sealed class ResolvedSecretAttributeTests
{
    [Theory]
    [InlineData("@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/events/)", false)]
    [InlineData("  @microsoft.keyvault(VaultName=kv;SecretName=smtp)", false)]
    [InlineData("a-real-secret-value-0123456789", true)]
    [InlineData("", true)]
    [InlineData(null, true)]
    public void Rejects_only_unresolved_key_vault_references(string? value, bool valid)
    {
        Assert.Equal(valid, new ResolvedSecretAttribute().IsValid(value));
    }
}
