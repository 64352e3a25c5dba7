// A storage account reachable only with Microsoft Entra ID (shared keys are disabled), with blob containers, queues and
// tables created up front. Outputs the service endpoints without a trailing slash.
param name string
param location string = resourceGroup().location
param tags object = {}
param containers array = []
param queues array = []
param tables array = []

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    dnsEndpointType: 'Standard'
    minimumTlsVersion: 'TLS1_2'
    publicNetworkAccess: 'Enabled'
    supportsHttpsTrafficOnly: true
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }

  resource blobServices 'blobServices' = {
    name: 'default'

    resource blobContainers 'containers' = [for container in containers: {
      name: container
      properties: {
        publicAccess: 'None'
      }
    }]
  }

  resource queueServices 'queueServices' = {
    name: 'default'

    resource storageQueues 'queues' = [for queue in queues: {
      name: queue
    }]
  }

  resource tableServices 'tableServices' = {
    name: 'default'

    resource storageTables 'tables' = [for table in tables: {
      name: table
    }]
  }
}

output name string = storage.name
output id string = storage.id
output blobEndpoint string = 'https://${storage.name}.blob.${environment().suffixes.storage}'
output queueEndpoint string = 'https://${storage.name}.queue.${environment().suffixes.storage}'
output tableEndpoint string = 'https://${storage.name}.table.${environment().suffixes.storage}'
