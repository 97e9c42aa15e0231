import * as core from '@actions/core';
import type { TokenCredential } from '@azure/core-auth';
import type { CloudEndpoints } from '../../core/azure/clouds.js';
import { createCredential, type CredentialSpec } from '../../core/azure/credentials.js';
import type { ParsedInputs } from '../../steps/step-spec.js';

/**
 * client-id + tenant-id means federated OIDC with a fresh GitHub ID token per refresh (needs
 * `permissions: id-token: write`); otherwise DefaultAzureCredential, which picks up azure/login's session.
 */
export function githubCredentialSpec(parsed: ParsedInputs): CredentialSpec {
  const clientId = typeof parsed['client-id'] === 'string' ? parsed['client-id'] : undefined;
  const tenantId = typeof parsed['tenant-id'] === 'string' ? parsed['tenant-id'] : undefined;
  if (clientId !== undefined && tenantId !== undefined) {
    return { kind: 'github-oidc', clientId, tenantId, getIdToken: (audience) => core.getIDToken(audience) };
  }
  return { kind: 'default', ...(clientId === undefined ? {} : { clientId }), ...(tenantId === undefined ? {} : { tenantId }) };
}

/** The TokenCredential for a GitHub Actions run. */
export function githubCredential(parsed: ParsedInputs, cloud: CloudEndpoints): TokenCredential {
  return createCredential(githubCredentialSpec(parsed), cloud);
}
