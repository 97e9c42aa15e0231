import * as tl from 'azure-pipelines-task-lib/task.js';
import type { TokenCredential } from '@azure/core-auth';
import type { CloudEndpoints, ResolveCloudOptions } from '../../core/azure/clouds.js';
import { createCredential, type CredentialSpec } from '../../core/azure/credentials.js';
import { ConfigurationError, ErrorCodes } from '../../core/errors.js';
import type { ParsedInputs } from '../../steps/step-spec.js';
import { AZURE_SUBSCRIPTION_INPUT } from '../../steps/common-inputs.js';
import { readSecretEndpointParameter } from './azdo-secret-read.js';

const KNOWN_ENVIRONMENTS = ['AzureCloud', 'AzureChinaCloud', 'AzureUSGovernment'];

function connectionId(parsed: ParsedInputs): string {
  const id = parsed[AZURE_SUBSCRIPTION_INPUT];
  if (typeof id !== 'string') {
    throw new ConfigurationError(ErrorCodes.inputMissing, `Input 'azureSubscription' is required: choose an Azure Resource Manager service connection.`);
  }
  return id;
}

function param(id: string, key: string): string | undefined {
  return tl.getEndpointAuthorizationParameter(id, key, true) || undefined;
}

/** Maps the AzureRM service connection's scheme to a credential spec (secrets read without debug echo). */
export function azdoCredentialSpec(parsed: ParsedInputs, mask: (secret: string) => void): CredentialSpec {
  const id = connectionId(parsed);
  const scheme = tl.getEndpointAuthorizationScheme(id, true) ?? '';
  const clientId = param(id, 'serviceprincipalid') ?? '';
  const tenantId = param(id, 'tenantid') ?? '';
  switch (scheme.toLowerCase()) {
    case 'serviceprincipal': {
      if ((param(id, 'authenticationType') ?? 'spnKey').toLowerCase() === 'spncertificate') {
        const certificatePem = readSecretEndpointParameter(id, 'servicePrincipalCertificate') ?? '';
        mask(certificatePem);
        return { kind: 'client-certificate', clientId, tenantId, certificatePem };
      }
      const clientSecret = readSecretEndpointParameter(id, 'serviceprincipalkey') ?? '';
      mask(clientSecret);
      return { kind: 'client-secret', clientId, tenantId, clientSecret };
    }
    case 'workloadidentityfederation': {
      const systemAccessToken = tl.getVariable('System.AccessToken') ?? '';
      if (systemAccessToken === '') {
        throw new ConfigurationError(
          ErrorCodes.authFailed,
          `Service connection '${id}' uses workload identity federation, which needs System.AccessToken. Add 'env: { SYSTEM_ACCESSTOKEN: $(System.AccessToken) }' to the task.`,
        );
      }
      mask(systemAccessToken);
      return { kind: 'azure-pipelines', clientId, tenantId, serviceConnectionId: id, systemAccessToken };
    }
    case 'managedserviceidentity':
      return { kind: 'managed-identity' };
    default:
      throw new ConfigurationError(
        ErrorCodes.authFailed,
        `Service connection '${id}' has authorization scheme '${scheme || 'none'}'. Use an Azure Resource Manager connection with workload identity federation, a service principal or a managed identity.`,
      );
  }
}

/** The TokenCredential for an Azure DevOps run. */
export function azdoCredential(parsed: ParsedInputs, cloud: CloudEndpoints, mask: (secret: string) => void): TokenCredential {
  return createCredential(azdoCredentialSpec(parsed, mask), cloud);
}

/** Subscription id stored on the service connection. */
export function azdoSubscriptionId(parsed: ParsedInputs): string | undefined {
  const id = parsed[AZURE_SUBSCRIPTION_INPUT];
  return typeof id === 'string' ? tl.getEndpointDataParameter(id, 'subscriptionId', true) || undefined : undefined;
}

/** The service connection's cloud: a named environment, or its URLs for Azure Stack and custom clouds. */
export function azdoCloud(parsed: ParsedInputs): ResolveCloudOptions | undefined {
  const id = parsed[AZURE_SUBSCRIPTION_INPUT];
  if (typeof id !== 'string') return undefined;
  const environment = tl.getEndpointDataParameter(id, 'environment', true) || 'AzureCloud';
  if (KNOWN_ENVIRONMENTS.includes(environment)) return { cloud: environment };
  const armEndpoint = tl.getEndpointUrl(id, true) || undefined;
  const authorityHost = tl.getEndpointDataParameter(id, 'activeDirectoryAuthority', true) || undefined;
  // AzureRM connections to Azure Stack and custom clouds carry the token audience under this name.
  const armAudience = tl.getEndpointDataParameter(id, 'activeDirectoryServiceEndpointResourceId', true) || undefined;
  return { cloud: 'Custom', armEndpoint, authorityHost, armAudience };
}
