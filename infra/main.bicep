// LeadFunctions in Azure, following the azd Functions templates (functions-quickstart-dotnet-azd): a resource group
// rg-<environment> with a Flex Consumption function app running as a user-assigned identity, a storage account without
// shared keys, a Key Vault (RBAC) for the secrets, and Application Insights on Log Analytics. See docs/deploy.md.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; names the resource group and seeds the unique resource names.')
param environmentName string

@minLength(1)
@description('Region of every resource; it must offer Flex Consumption (az functionapp list-flexconsumption-locations).')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the user running azd (AZURE_PRINCIPAL_ID); used only with grantDeployerSecretsOfficer.')
param principalId string = ''

@allowed(['User', 'ServicePrincipal', 'Group'])
param principalType string = 'User'

@description('Give principalId Key Vault Secrets Officer on the vault, to rotate secrets with az keyvault secret set.')
param grantDeployerSecretsOfficer bool = false

// ---- The app's settings (names as in local.settings.sample.json) ----

@description('Capture__AllowedOrigins: landing-page origins, comma-separated (https://www.example.com). Also the app\'s CORS list.')
@minLength(1)
param allowedOrigins string

@description('Capture__RateLimitPerMinute: form posts accepted per client IP per minute.')
param captureRateLimitPerMinute int = 30

@description('RescoreQueueName: the queue the RescoreLead function listens on (created with its poison queue).')
param rescoreQueueName string = 'lead-rescore'

@description('BacktestQueueName: the queue the RunBacktest function listens on (a page of a backtest per message; created with its poison queue, which FailBacktest reads).')
param backtestQueueName string = 'model-backtests'

@description('SuggestionQueueName: the queue the RunSuggestion function listens on (a page of a suggestion per message; created with its poison queue, which FailSuggestion reads).')
param suggestionQueueName string = 'model-suggestions'

@description('DecayAndNotifySchedule: NCRONTAB schedule of the DecayAndNotify timer.')
param decayAndNotifySchedule string = '0 */15 * * * *'

@description('Scoring__ModelPath: path of a scoring model JSON file in the deployed app; empty for the built-in model.')
param scoringModelPath string = ''

@description('Storage__TablePrefix: prefix of every table name (letters and digits); empty for none.')
param storageTablePrefix string = ''

@secure()
@minLength(16)
@description('Webhooks__EventsSecret: HMAC secret(s) of POST /api/events, comma-separated while rotating. Stored in Key Vault.')
param webhooksEventsSecret string

@secure()
@description('Webhooks__SegmentSharedSecret: Segment\'s shared secret; empty disables the Segment route. Stored in Key Vault.')
param webhooksSegmentSharedSecret string = ''

@description('Webhooks__SendGridPublicKey: SendGrid Event Webhook verification key (public); empty disables the route.')
param webhooksSendGridPublicKey string = ''

@description('Smtp__Host: the SMTP relay, e.g. smtp.azurecomm.net.')
@minLength(1)
param smtpHost string

@description('Smtp__Port: 587 for STARTTLS.')
param smtpPort int = 587

@description('Smtp__EnableSsl: STARTTLS.')
param smtpEnableSsl bool = true

@description('Smtp__UserName: empty for a relay without authentication.')
param smtpUserName string = ''

@secure()
@description('Smtp__Password: stored in Key Vault; empty for a relay without authentication.')
param smtpPassword string = ''

@description('Smtp__FromAddress: the sender address the relay accepts.')
@minLength(3)
param smtpFromAddress string

@description('Notifications__DefaultRecipient: the inbox for SQLs that no route claims.')
@minLength(3)
param notificationsDefaultRecipient string

@description('Notifications__PublicBaseUrl: the app\'s public base URL; the email links to <base>handoffs/<token>. Empty for https://<app host>/api/.')
param notificationsPublicBaseUrl string = ''

@description('Notifications__EscalationRecipient: an inbox copied on every SLA reminder (a sales manager); empty for none.')
param notificationsEscalationRecipient string = ''

@description('Notifications__Routes__*: ";"-separated routes "recipient|countries|minCompanySize|maxCompanySize", trailing fields optional.')
param salesRoutes string = ''

@description('Decay__MaxLeadsPerRun: upper bound of leads reviewed per timer run.')
param decayMaxLeadsPerRun int = 20000

@minValue(1)
@maxValue(60)
@description('Models__LiveRefreshSeconds: seconds between reads of the live model pointer on each instance (a publish is used everywhere within this).')
param modelsLiveRefreshSeconds int = 30

@description('Models__ReviewSchedule: NCRONTAB schedule of the weekly model review (ReviewModel timer), UTC.')
param modelsReviewSchedule string = '0 0 6 * * 1'

@minValue(7)
@maxValue(730)
@description('Models__ReviewWindowDays: days of recorded outcomes the weekly model review judges the live model on.')
param modelsReviewWindowDays int = 90

@description('Models__ReviewRecipient: the inbox the weekly model review emails on drift or a better candidate (e.g. marketing-ops@example.com).')
param modelsReviewRecipient string

@minValue(1)
@maxValue(3650)
@description('Tracking__AnonymousRetentionDays: days an anonymous visitor\'s events are kept after they were received, while it has not identified.')
param trackingAnonymousRetentionDays int = 30

@description('Handoff__MaxAttempts: attempts to email a new SQL to sales before giving up.')
param handoffMaxAttempts int = 8

@description('Handoff__SlaHours: hours sales has to accept or reject a hand-off before the one reminder email.')
param handoffSlaHours int = 24

@secure()
@minLength(32)
@description('Handoff__LinkSecret: HMAC secret(s) of the hand-off links in sales emails, comma-separated while rotating. Stored in Key Vault.')
param handoffLinkSecret string

@description('Handoff__LinkLifetimeDays: days a hand-off link works after the move into SQL.')
param handoffLinkLifetimeDays int = 30

@description('Sales__RecycleReasons: reject reasons that send a lead back to nurture (Recycled), comma-separated.')
param salesRecycleReasons string = 'No budget,Bad timing,No response'

@description('Sales__DisqualifyReasons: reject reasons that disqualify a lead, comma-separated.')
param salesDisqualifyReasons string = 'Not a fit,Duplicate,Competitor,Spam or fake'

@description('Sales__LostReasons: the reasons a deal is lost, comma-separated.')
param salesLostReasons string = 'Price,Went with a competitor,No decision,Bad timing,Other'

var abbrs = {
  resourceGroup: 'rg-'
  userAssignedIdentity: 'id-'
  flexConsumptionPlan: 'plan-'
  functionApp: 'func-'
  storageAccount: 'st'
  keyVault: 'kv-'
  logAnalytics: 'log-'
  applicationInsights: 'appi-'
}
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var functionAppName = '${abbrs.functionApp}api-${resourceToken}'
var deploymentStorageContainerName = 'app-package-${take(functionAppName, 32)}-${take(resourceToken, 7)}'

// The tables the app creates on first use (LeadFunctions.Infrastructure StorageOptions.AllTables), created up front.
var leadTables = ['Leads', 'LeadEmails', 'LeadStages', 'LeadDecayReviews', 'LeadHandoffs', 'Backtests', 'Suggestions', 'LeadFunnel', 'ModelVersions', 'LeadVisitors', 'LeadVisitorRetention', 'ModelReviews']

var secretNames = {
  eventsSecret: 'webhooks-events-secret'
  segmentSharedSecret: 'webhooks-segment-shared-secret'
  smtpPassword: 'smtp-password'
  handoffLinkSecret: 'handoff-link-secret'
}

resource rg 'Microsoft.Resources/resourceGroups@2022-09-01' = {
  name: '${abbrs.resourceGroup}${environmentName}'
  location: location
  tags: tags
}

module apiIdentity 'core/identity/user-assigned-identity.bicep' = {
  name: 'apiIdentity'
  scope: rg
  params: {
    name: '${abbrs.userAssignedIdentity}api-${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'core/storage/storage-account.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: '${abbrs.storageAccount}${resourceToken}'
    location: location
    tags: tags
    containers: [deploymentStorageContainerName]
    queues: [rescoreQueueName, '${rescoreQueueName}-poison', backtestQueueName, '${backtestQueueName}-poison', suggestionQueueName, '${suggestionQueueName}-poison']
    tables: [for table in leadTables: '${storageTablePrefix}${table}']
  }
}

module keyVault 'core/security/key-vault.bicep' = {
  name: 'keyVault'
  scope: rg
  params: {
    name: '${abbrs.keyVault}${resourceToken}'
    location: location
    tags: tags
    secrets: {
      '${secretNames.eventsSecret}': webhooksEventsSecret
      '${secretNames.segmentSharedSecret}': webhooksSegmentSharedSecret
      '${secretNames.smtpPassword}': smtpPassword
      '${secretNames.handoffLinkSecret}': handoffLinkSecret
    }
  }
}

module monitoring 'core/monitor/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.logAnalytics}${resourceToken}'
    applicationInsightsName: '${abbrs.applicationInsights}${resourceToken}'
    location: location
    tags: tags
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    keyVaultName: keyVault.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    appPrincipalId: apiIdentity.outputs.principalId
    deployerPrincipalId: principalId
    deployerPrincipalType: principalType
    grantDeployerSecretsOfficer: grantDeployerSecretsOfficer
  }
}

module api 'app/api.bicep' = {
  name: 'api'
  scope: rg
  dependsOn: [
    rbac // the identity's roles exist before the app starts and resolves its Key Vault references
  ]
  params: {
    name: functionAppName
    planName: '${abbrs.flexConsumptionPlan}${resourceToken}'
    location: location
    tags: tags
    identityId: apiIdentity.outputs.id
    identityClientId: apiIdentity.outputs.clientId
    storageBlobEndpoint: storage.outputs.blobEndpoint
    storageQueueEndpoint: storage.outputs.queueEndpoint
    storageTableEndpoint: storage.outputs.tableEndpoint
    deploymentStorageContainerName: deploymentStorageContainerName
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    keyVaultUri: keyVault.outputs.uri
    secretNames: secretNames
    hasSegmentSharedSecret: !empty(webhooksSegmentSharedSecret)
    hasSmtpPassword: !empty(smtpPassword)
    rescoreQueueName: rescoreQueueName
    backtestQueueName: backtestQueueName
    suggestionQueueName: suggestionQueueName
    decayAndNotifySchedule: decayAndNotifySchedule
    scoringModelPath: scoringModelPath
    storageTablePrefix: storageTablePrefix
    allowedOrigins: allowedOrigins
    captureRateLimitPerMinute: captureRateLimitPerMinute
    webhooksSendGridPublicKey: webhooksSendGridPublicKey
    smtpHost: smtpHost
    smtpPort: smtpPort
    smtpEnableSsl: smtpEnableSsl
    smtpUserName: smtpUserName
    smtpFromAddress: smtpFromAddress
    notificationsDefaultRecipient: notificationsDefaultRecipient
    notificationsPublicBaseUrl: notificationsPublicBaseUrl
    notificationsEscalationRecipient: notificationsEscalationRecipient
    salesRoutes: salesRoutes
    decayMaxLeadsPerRun: decayMaxLeadsPerRun
    modelsLiveRefreshSeconds: modelsLiveRefreshSeconds
    modelsReviewSchedule: modelsReviewSchedule
    modelsReviewWindowDays: modelsReviewWindowDays
    modelsReviewRecipient: modelsReviewRecipient
    trackingAnonymousRetentionDays: trackingAnonymousRetentionDays
    handoffMaxAttempts: handoffMaxAttempts
    handoffSlaHours: handoffSlaHours
    handoffLinkLifetimeDays: handoffLinkLifetimeDays
    salesRecycleReasons: salesRecycleReasons
    salesDisqualifyReasons: salesDisqualifyReasons
    salesLostReasons: salesLostReasons
  }
}

// Outputs azd stores in the environment (.azure/<env>/.env).
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = api.outputs.name
output AZURE_FUNCTION_NAME string = api.outputs.name
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = api.outputs.uri
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.uri
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_USER_ASSIGNED_IDENTITY_CLIENT_ID string = apiIdentity.outputs.clientId
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.applicationInsightsConnectionString
