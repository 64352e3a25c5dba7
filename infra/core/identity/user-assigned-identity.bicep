// A user-assigned managed identity. It exists before the function app, so its role assignments (storage, Key Vault,
// Application Insights) are in place when the app first starts and resolves its Key Vault references.
param name string
param location string = resourceGroup().location
param tags object = {}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output principalId string = identity.properties.principalId
output clientId string = identity.properties.clientId
