// Consular Helpdesk in Azure: the Functions app (Flex Consumption), one storage account reached with managed
// identity (no shared keys), secrets in Key Vault, Application Insights, and App Service Authentication (Entra ID)
// in front of the agents' API. Meta's webhooks stay anonymous: their signature is the authentication.
//
//   az deployment group create -g <rg> -f infra/main.bicep -p name=<prefix> entraClientId=<app id>
//
// Then put the secrets into the Key Vault (names below) and register the webhook URLs with Meta.

@description('Short lowercase prefix for resource names (3-11 letters or digits).')
@minLength(3)
@maxLength(11)
param name string

param location string = resourceGroup().location

@description('Application (client) id of the Entra ID app registration agents sign in with.')
param entraClientId string

@description('Graph API base address (versioned).')
param graphApiBaseUrl string = 'https://graph.facebook.com/v21.0/'

@description('The id of the privacy key new writes use (Privacy__ActiveKey); each id has its Key Vault secret in secretSettings.')
param privacyActiveKey string = 'k1'

@description('The ministry\'s privacy page per language, which the privacy notice at first contact links to (absolute https).')
param privacyNoticeUrls object = {
  nl: 'https://diplomatie.belgium.be/nl/privacy'
  fr: 'https://diplomatie.belgium.be/fr/privacy'
  de: 'https://diplomatie.belgium.be/de/privacy'
  en: 'https://diplomatie.belgium.be/en/privacy'
}

@description('Days each blob in the audit-archive container stays unchangeable (WORM, from its creation).')
@minValue(1)
param auditArchiveDays int = 3650


@description('Days a claim-check body of a large webhook is kept (for a replay of the poison queue): it holds a citizen\'s message.')
@minValue(1)
param claimCheckDays int = 7

var suffix = uniqueString(resourceGroup().id)
var storageName = toLower('${name}${take(suffix, 12)}')
var deploymentContainer = 'app-package'

// Secrets the app reads, as Key Vault secret names (set them after the deployment; never in source control).
var secretSettings = {
  Meta__AppSecret: 'meta-app-secret'
  Meta__VerifyToken: 'meta-verify-token'
  WhatsApp__AccessToken: 'whatsapp-access-token'
  Messenger__PageAccessToken: 'messenger-page-access-token'
  Storage__KeySecret: 'storage-key-secret'
  // The key ring that encrypts phone numbers, user ids and names at rest (base64 of 32 random bytes). To rotate: add
  // Privacy__Keys__k2 (secret privacy-key-k2), set privacyActiveKey to k2, run migrate-storage, then drop k1.
  Privacy__Keys__k1: 'privacy-key-k1'
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  sku: { name: 'Standard_ZRS' }
  kind: 'StorageV2'
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource packageContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainer
}

// The audit's immutable copy. Table Storage has no immutability policy, so the Audit table itself is protected by
// RBAC only (no shared keys; the app's identity has no route that writes or deletes it, but its table role could):
// operators export it as CSV (GET /api/triage/audit/csv) into this container, whose time-based retention policy makes
// each blob undeletable and unchangeable for auditArchiveDays. The policy is left unlocked (an owner can still
// shorten or remove it); lock it by hand (az storage container immutability-policy lock) once the period is agreed.
resource auditArchive 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: 'audit-archive'
  properties: { publicAccess: 'None' }
}

resource auditArchivePolicy 'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies@2023-05-01' = {
  parent: auditArchive
  name: 'default'
  properties: {
    immutabilityPeriodSinceCreationInDays: auditArchiveDays
    allowProtectedAppendWrites: false
  }
}

// The storage account's own deletions, matched to the app's retention (README, "Retention"; docs/storage.md):
// - claim checks (inbound-payloads/{yyyy}/…): the webhook bodies too large for a queue message, read once by the
//   inbound queue within minutes; kept claimCheckDays (7) so that a poisoned message can still be replayed that week.
// - the citizens' files (media/), our attachments (attachments/) and raw payloads too large for a row
//   (inbound-payloads/raw/) have NO age rule: the app deletes them with their conversation (Retention:ClosedDays, 180
//   days after its close; Retention:UnansweredDays, 30, when no person answered), and an age rule cannot see what the app
//   keeps on purpose — a conversation under legal hold, a consular case open for more than a year — so it would delete
//   files the app must keep.
// Uncommitted blocks of a download cut off expire by themselves within a week (Blob Storage's own rule).
resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'expire-inbound-payloads'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: { blobTypes: [ 'blockBlob' ], prefixMatch: [ 'inbound-payloads/20' ] }
            actions: { baseBlob: { delete: { daysAfterModificationGreaterThan: claimCheckDays } } }
          }
        }
      ]
    }
  }
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${name}-logs'
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 90
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${name}-insights'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
    DisableLocalAuth: true
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: '${name}-kv-${take(suffix, 8)}'
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    enablePurgeProtection: true
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: '${name}-plan'
  location: location
  kind: 'functionapp'
  sku: { tier: 'FlexConsumption', name: 'FC1' }
  properties: { reserved: true }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: '${name}-${take(suffix, 8)}'
  location: location
  kind: 'functionapp,linux'
  identity: { type: 'SystemAssigned' }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainer}'
          authentication: { type: 'SystemAssignedIdentity' }
        }
      }
      scaleAndConcurrency: { maximumInstanceCount: 40, instanceMemoryMB: 2048 }
      runtime: { name: 'dotnet-isolated', version: '10.0' }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: concat([
        { name: 'AzureWebJobsStorage__accountName', value: storage.name }
        { name: 'Storage__AccountName', value: storage.name }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'Authorization=AAD' }
        { name: 'GraphApi__BaseUrl', value: graphApiBaseUrl }
        { name: 'Privacy__ActiveKey', value: privacyActiveKey }
      ], map(items(privacyNoticeUrls), u => {
        name: 'Privacy__NoticeUrl__${u.key}'
        value: u.value
      }), map(items(secretSettings), s => {
        name: s.key
        value: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=${s.value})'
      }))
    }
  }
}

// Easy Auth: agents sign in with Entra ID; anonymous requests still reach the app (Meta's webhooks), and the
// agents' API answers 401 to them. The app trusts X-MS-CLIENT-PRINCIPAL only because this runs in front.
resource auth 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: app
  name: 'authsettingsV2'
  properties: {
    platform: { enabled: true }
    globalValidation: { requireAuthentication: false, unauthenticatedClientAction: 'AllowAnonymous' }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: entraClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${subscription().tenantId}/v2.0'
        }
        validation: { allowedAudiences: [ 'api://${entraClientId}' ] }
      }
    }
    login: { tokenStore: { enabled: true } }
  }
}

// The app's identity: data access to its storage (blobs, queues, tables), secrets, telemetry. No keys anywhere.
var roles = {
  blobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  queueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  tableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}

resource storageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in items(roles): {
  name: guid(storage.id, app.id, role.value)
  scope: storage
  properties: {
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role.value)
  }
}]

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, app.id, 'secrets-user')
  scope: vault
  properties: {
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')
  }
}

resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(insights.id, app.id, 'metrics-publisher')
  scope: insights
  properties: {
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '3913510d-42f4-4e42-8a64-420c390055eb')
  }
}

@description('Register these with Meta (Webhooks product) for WhatsApp and Messenger.')
output webhookUrls object = {
  whatsapp: 'https://${app.properties.defaultHostName}/api/webhooks/whatsapp'
  messenger: 'https://${app.properties.defaultHostName}/api/webhooks/messenger'
}

output triageUrl string = 'https://${app.properties.defaultHostName}/api/app/'

output keyVaultSecrets array = [for s in items(secretSettings): s.value]
