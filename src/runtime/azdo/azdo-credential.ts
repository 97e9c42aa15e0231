import * as im from 'azure-pipelines-task-lib/internal.js';
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
    throw new ConfigurationError(ErrorCodes.inputMissing, `Input 'azureSubscription' is required: this run signs in to Azure. Choose an Azure Resource Manager service connection.`);
  }
  return id;
}

function param(id: string, key: string): string | undefined {
  return tl.getEndpointAuthorizationParameter(id, key, true) || undefined;
}

/**
 * The job access token, without task-lib's `name=value` debug echo (tl.getVariable prints it in a task.debug line).
 * An explicit System.AccessToken (secret variable, or `env: SYSTEM_ACCESSTOKEN`) wins; otherwise the
 * SYSTEMVSSCONNECTION endpoint the agent hands every task, where Microsoft's own AzureRM tasks read it.
 */
function systemAccessToken(): string | undefined {
  const explicit = im._vault.retrieveSecret('SECRET_SYSTEM_ACCESSTOKEN') || process.env.SYSTEM_ACCESSTOKEN;
  if (explicit) return explicit;
  const vss = tl.getEndpointAuthorization('SYSTEMVSSCONNECTION', true);
  return vss?.scheme?.toLowerCase() === 'oauth' ? vss.parameters.AccessToken || undefined : undefined;
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
      const token = systemAccessToken();
      if (!token) {
        throw new ConfigurationError(
          ErrorCodes.authFailed,
          `Service connection '${id}' uses workload identity federation, which needs the job access token, and the agent provided none ` +
            `(no SYSTEMVSSCONNECTION endpoint). Add 'env: { SYSTEM_ACCESSTOKEN: $(System.AccessToken) }' to the task.`,
        );
      }
      mask(token);
      // AzurePipelinesCredential reads this from the environment itself; say what is missing instead of its generic text.
      if (!process.env.SYSTEM_OIDCREQUESTURI) {
        throw new ConfigurationError(
          ErrorCodes.authFailed,
          `Service connection '${id}' uses workload identity federation, which needs the System.OidcRequestUri variable (SYSTEM_OIDCREQUESTURI), ` +
            'and it is not set: run the task on a current Azure Pipelines agent, in a pipeline job (not a local run).',
        );
      }
      return { kind: 'azure-pipelines', clientId, tenantId, serviceConnectionId: id, systemAccessToken: token };
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

/** Subscription id stored on the service connection; without a connection, the step cannot reach Azure at all. */
export function azdoSubscriptionId(parsed: ParsedInputs): string | undefined {
  return tl.getEndpointDataParameter(connectionId(parsed), 'subscriptionId', true) || undefined;
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
