// The Functions app: a Flex Consumption plan and app (.NET 10 isolated worker) running as a user-assigned identity,
// its deployment package in a blob container, CORS limited to the landing pages, and every app setting in one object
// (`appSettings` below) plus the optional sales routes.
param name string
param planName string
param location string = resourceGroup().location
param tags object = {}
@description('The azd service name in azure.yaml; azd finds the app by the azd-service-name tag.')
param serviceName string = 'api'

param identityId string
param identityClientId string

param storageBlobEndpoint string
param storageQueueEndpoint string
param storageTableEndpoint string
param deploymentStorageContainerName string

param applicationInsightsConnectionString string

@description('The vault URI, ending with a slash (https://<name>.vault.azure.net/).')
param keyVaultUri string
@description('Names of the Key Vault secrets: eventsSecret, segmentSharedSecret, smtpPassword, handoffLinkSecret.')
param secretNames object
param hasSegmentSharedSecret bool
param hasSmtpPassword bool

@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

// The app's own settings (see local.settings.sample.json for what each one means).
param rescoreQueueName string
param backtestQueueName string
param suggestionQueueName string
param decayAndNotifySchedule string
param scoringModelPath string
param storageTablePrefix string
param allowedOrigins string
param captureRateLimitPerMinute int
param webhooksSendGridPublicKey string
param smtpHost string
param smtpPort int
param smtpEnableSsl bool
param smtpUserName string
param smtpFromAddress string
param notificationsDefaultRecipient string
@description('The app\'s public base URL (the hand-off page is <base>handoffs/<token>); empty for https://<app host>/api/.')
param notificationsPublicBaseUrl string
param notificationsEscalationRecipient string
@description('Sales routes, ";"-separated; each "recipient|countries|minCompanySize|maxCompanySize" with the trailing fields optional.')
param salesRoutes string
param decayMaxLeadsPerRun int
param modelsLiveRefreshSeconds int
param modelsReviewSchedule string
param modelsReviewWindowDays int
param modelsReviewRecipient string
param trackingAnonymousRetentionDays int
param handoffMaxAttempts int
param handoffSlaHours int
param handoffLinkLifetimeDays int
param salesRecycleReasons string
param salesDisqualifyReasons string
param salesLostReasons string

// CORS: the landing-page origins, never "*" (a "*" in the parameter is dropped, not honoured).
var corsOrigins = filter(map(split(allowedOrigins, ','), origin => trim(origin)), origin => !empty(origin) && origin != '*')

func keyVaultReference(vaultUri string, secretName string) string => '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/${secretName}/)'

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      cors: {
        allowedOrigins: corsOrigins
        supportCredentials: false
      }
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}/${deploymentStorageContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Every app setting of the function app, by name. tests/LeadFunctions.Deployment.Tests compiles this template, reads
// the setting names of the appsettings resource below and fails when they drift from local.settings.sample.json.
// Not here, on purpose: FUNCTIONS_WORKER_RUNTIME (Flex Consumption takes the runtime from functionAppConfig),
// AzureWebJobsStorage as a connection string (replaced by the identity-based AzureWebJobsStorage__* settings), and
// LocalHost__* (read by the local development host only).
// ---------------------------------------------------------------------------------------------------------------------
var appSettings = {
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  AzureWebJobsStorage__blobServiceUri: storageBlobEndpoint
  AzureWebJobsStorage__queueServiceUri: storageQueueEndpoint
  AzureWebJobsStorage__tableServiceUri: storageTableEndpoint
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  RescoreQueueName: rescoreQueueName
  BacktestQueueName: backtestQueueName
  SuggestionQueueName: suggestionQueueName
  DecayAndNotifySchedule: decayAndNotifySchedule
  Scoring__ModelPath: scoringModelPath
  Storage__TablePrefix: storageTablePrefix
  Capture__AllowedOrigins: join(corsOrigins, ',')
  Capture__RateLimitPerMinute: string(captureRateLimitPerMinute)
  Webhooks__EventsSecret: keyVaultReference(keyVaultUri, secretNames.eventsSecret)
  Webhooks__SegmentSharedSecret: hasSegmentSharedSecret ? keyVaultReference(keyVaultUri, secretNames.segmentSharedSecret) : ''
  Webhooks__SendGridPublicKey: webhooksSendGridPublicKey
  Smtp__Host: smtpHost
  Smtp__Port: string(smtpPort)
  Smtp__EnableSsl: smtpEnableSsl ? 'true' : 'false'
  Smtp__UserName: smtpUserName
  Smtp__Password: hasSmtpPassword ? keyVaultReference(keyVaultUri, secretNames.smtpPassword) : ''
  Smtp__FromAddress: smtpFromAddress
  Notifications__DefaultRecipient: notificationsDefaultRecipient
  // The hand-off page the sales email links to is served by this app, without a function key.
  Notifications__PublicBaseUrl: empty(notificationsPublicBaseUrl) ? 'https://${functionApp.properties.defaultHostName}/api/' : notificationsPublicBaseUrl
  Notifications__EscalationRecipient: notificationsEscalationRecipient
  Decay__MaxLeadsPerRun: string(decayMaxLeadsPerRun)
  Models__LiveRefreshSeconds: string(modelsLiveRefreshSeconds)
  Models__ReviewSchedule: modelsReviewSchedule
  Models__ReviewWindowDays: string(modelsReviewWindowDays)
  Models__ReviewRecipient: modelsReviewRecipient
  Tracking__AnonymousRetentionDays: string(trackingAnonymousRetentionDays)
  Handoff__MaxAttempts: string(handoffMaxAttempts)
  Handoff__SlaHours: string(handoffSlaHours)
  Handoff__LinkSecret: keyVaultReference(keyVaultUri, secretNames.handoffLinkSecret)
  Handoff__LinkLifetimeDays: string(handoffLinkLifetimeDays)
  Sales__RecycleReasons: salesRecycleReasons
  Sales__DisqualifyReasons: salesDisqualifyReasons
  Sales__LostReasons: salesLostReasons
}

// Sales routes as the flat settings the app binds (Notifications__Routes__<i>__Recipient, __Countries,
// __MinCompanySize, __MaxCompanySize), from "dach@example.com|DE,AT,CH;enterprise@example.com||1000".
var routeEntries = filter(split(salesRoutes, ';'), entry => !empty(trim(entry)))
var routeFields = [for entry in routeEntries: split('${trim(entry)}|||', '|')]
var routeRecipients = [for (fields, i) in routeFields: { 'Notifications__Routes__${i}__Recipient': trim(fields[0]) }]
var routeCountries = [for (fields, i) in routeFields: empty(trim(fields[1])) ? {} : { 'Notifications__Routes__${i}__Countries': trim(fields[1]) }]
var routeMinSizes = [for (fields, i) in routeFields: empty(trim(fields[2])) ? {} : { 'Notifications__Routes__${i}__MinCompanySize': trim(fields[2]) }]
var routeMaxSizes = [for (fields, i) in routeFields: empty(trim(fields[3])) ? {} : { 'Notifications__Routes__${i}__MaxCompanySize': trim(fields[3]) }]
var routeSettings = reduce(concat(routeRecipients, routeCountries, routeMinSizes, routeMaxSizes), {}, (merged, next) => union(merged, next))

// A resource of its own (not siteConfig.appSettings), so that it can use the app's host name; main.bicep deploys this
// module after the role assignments, so the Key Vault references resolve on the first start.
resource functionAppSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: union(appSettings, routeSettings)
}

output name string = functionApp.name
output uri string = 'https://${functionApp.properties.defaultHostName}'
