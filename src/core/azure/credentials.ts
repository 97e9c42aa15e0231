import type { TokenCredential } from '@azure/core-auth';
import {
  AuthenticationError,
  AzurePipelinesCredential,
  ClientAssertionCredential,
  ClientCertificateCredential,
  ClientSecretCredential,
  DefaultAzureCredential,
  ManagedIdentityCredential,
} from '@azure/identity';
import { ConfigurationError, ErrorCodes } from '../errors.js';
import { AuthorityAwareCredential } from './authority-aware-credential.js';
import type { CloudEndpoints } from './clouds.js';
import { explainDefaultCredentialFailure, explainGithubIdTokenFailure, explainGithubOidcFailure, type SignInPlatform } from './sign-in-hints.js';

/** How a step signs in to Entra; runtimes build one from their inputs and environment. */
export type CredentialSpec =
  | { kind: 'github-oidc'; clientId: string; tenantId: string; getIdToken: (audience: string) => Promise<string> }
  | { kind: 'client-secret'; clientId: string; tenantId: string; clientSecret: string }
  | { kind: 'client-certificate'; clientId: string; tenantId: string; certificatePem: string }
  | { kind: 'azure-pipelines'; clientId: string; tenantId: string; serviceConnectionId: string; systemAccessToken: string }
  | { kind: 'managed-identity'; clientId?: string }
  | { kind: 'default'; tenantId?: string; clientId?: string; platform?: SignInPlatform };

export type CredentialKind = CredentialSpec['kind'];

/** Builds the @azure/identity credential for `spec`, pointed at the cloud's authority. */
export function createCredential(spec: CredentialSpec, cloud: CloudEndpoints): TokenCredential {
  return new AuthorityAwareCredential(createIdentityCredential(spec, cloud), cloud);
}

function createIdentityCredential(spec: CredentialSpec, cloud: CloudEndpoints): TokenCredential {
  // Instance discovery asks login.microsoftonline.com about the authority; a custom authority (Azure Stack,
  // the emulator) is not listed there, so discovery would fail before the first token request.
  const options = { authorityHost: cloud.authorityHost, disableInstanceDiscovery: !cloud.instanceDiscovery };
  switch (spec.kind) {
    case 'github-oidc': {
      requireIds(spec);
      const getIdToken = explainGithubIdTokenFailure(spec.getIdToken);
      // MSAL calls getAssertion each time it needs a new access token, so every refresh presents a fresh
      // GitHub ID token: a long bake outlives the ~5 minute ID token without failing like azure/login's session.
      return explainGithubOidcFailure(new ClientAssertionCredential(
        spec.tenantId,
        spec.clientId,
        () => getIdToken(cloud.tokenExchangeAudience),
        options,
      ));
    }
    case 'client-secret':
      requireIds(spec);
      requireValue(spec.clientSecret, 'client-secret', 'the service principal secret');
      return new ClientSecretCredential(spec.tenantId, spec.clientId, spec.clientSecret, options);
    case 'client-certificate':
      requireIds(spec);
      requireValue(spec.certificatePem, 'client-certificate', 'a PEM with the certificate and its private key');
      if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(spec.certificatePem)) {
        throw new ConfigurationError(
          ErrorCodes.inputInvalid,
          'client-certificate must be a PEM holding both the certificate and its private key (no private key block found).',
        );
      }
      return new ClientCertificateCredential(spec.tenantId, spec.clientId, { certificate: spec.certificatePem }, options);
    case 'azure-pipelines':
      requireIds(spec);
      requireValue(spec.serviceConnectionId, 'service-connection', 'the AzureRM service connection id');
      requireValue(
        spec.systemAccessToken,
        'System.AccessToken',
        'the job access token (map it with env: SYSTEM_ACCESSTOKEN: $(System.AccessToken))',
      );
      return explainPipelinesOidcErrors(
        new AzurePipelinesCredential(spec.tenantId, spec.clientId, spec.serviceConnectionId, spec.systemAccessToken, options),
        spec.serviceConnectionId,
      );
    case 'managed-identity':
      return spec.clientId
        ? new ManagedIdentityCredential({ clientId: spec.clientId, authorityHost: cloud.authorityHost })
        : new ManagedIdentityCredential({ authorityHost: cloud.authorityHost });
    case 'default':
      return explainDefaultCredentialFailure(new DefaultAzureCredential({
        ...options,
        ...(spec.tenantId ? { tenantId: spec.tenantId } : {}),
        ...(spec.clientId ? { managedIdentityClientId: spec.clientId } : {}),
      }), spec.platform);
    default: {
      const never: never = spec;
      throw new ConfigurationError(ErrorCodes.inputInvalid, `unknown credential kind '${(never as { kind: string }).kind}'.`);
    }
  }
}

/**
 * AzurePipelinesCredential reports a refused OIDC request only as "oidcToken field not detected"; this names the
 * cause (job access token, service connection authorization) so the run log says what to fix.
 */
function explainPipelinesOidcErrors(inner: TokenCredential, serviceConnectionId: string): TokenCredential {
  return {
    async getToken(scopes, options) {
      try {
        return await inner.getToken(scopes, options);
      } catch (err) {
        if (!(err instanceof AuthenticationError) || !/oidcToken field not detected|null token from OIDC request/.test(err.message)) throw err;
        const status = err.statusCode;
        const hint =
          status === 401 || status === 403
            ? `Azure DevOps refused the job access token (System.AccessToken) when asked for the ID token of service connection '${serviceConnectionId}' (HTTP ${status}): ` +
              "it is missing, expired or another job's. Let the agent supply it (SYSTEMVSSCONNECTION) or map env SYSTEM_ACCESSTOKEN: $(System.AccessToken)."
            : status === 400 || status === 404
              ? `Azure DevOps would not issue an ID token for service connection '${serviceConnectionId}' (HTTP ${status}): check that azureSubscription ` +
                'names a workload identity federation connection and that this pipeline is authorized to use it.'
              : `Azure DevOps returned no ID token for service connection '${serviceConnectionId}' (HTTP ${status}).`;
        throw new AuthenticationError(status, { error: `AzurePipelinesCredential: ${hint}`, error_description: err.errorResponse.errorDescription }, { cause: err });
      }
    },
  };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function requireIds(spec: { kind: string; clientId: string; tenantId: string }): void {
  requireValue(spec.clientId, 'client-id', 'the application (client) id of the app registration');
  requireValue(spec.tenantId, 'tenant-id', 'the directory (tenant) id');
  // Tenant may also be a verified domain name (contoso.onmicrosoft.com); only reject obvious junk.
  if (!GUID.test(spec.tenantId) && !/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(spec.tenantId)) {
    throw new ConfigurationError(
      ErrorCodes.inputInvalid,
      `tenant-id '${spec.tenantId}' is neither a GUID nor a domain name. Copy the Directory (tenant) ID from the app registration's overview.`,
    );
  }
  if (!GUID.test(spec.clientId)) {
    throw new ConfigurationError(
      ErrorCodes.inputInvalid,
      `client-id '${spec.clientId}' is not a GUID. Copy the Application (client) ID from the app registration's overview.`,
    );
  }
}

function requireValue(value: string | undefined, input: string, what: string): void {
  if (!value || value.trim() === '') {
    throw new ConfigurationError(ErrorCodes.inputMissing, `${input} is required for this sign-in method: provide ${what}.`);
  }
}
