// A Key Vault authorized with Azure RBAC (no access policies), and the secrets given to it: one secret per non-empty
// value of `secrets` (secret name -> value). Access is granted separately (infra/app/rbac.bicep).
param name string
param location string = resourceGroup().location
param tags object = {}

@secure()
@description('Secret name -> value. Empty values create no secret.')
param secrets object = {}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

resource vaultSecrets 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = [for secret in items(secrets): if (!empty(secret.value)) {
  parent: vault
  name: secret.key
  properties: {
    value: secret.value
  }
}]

output name string = vault.name
output id string = vault.id
output uri string = vault.properties.vaultUri
