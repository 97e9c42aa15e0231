import * as core from '@actions/core';
import type { TokenCredential } from '@azure/core-auth';
import type { CloudEndpoints } from '../../core/azure/clouds.js';
import { createCredential, type CredentialSpec } from '../../core/azure/credentials.js';
import type { ParsedInputs } from '../../steps/step-spec.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * client-id + tenant-id (inputs, or AZURE_CLIENT_ID / AZURE_TENANT_ID set once in the job's env) mean federated
 * OIDC with a fresh GitHub ID token per refresh (needs `permissions: id-token: write`), unless AZURE_CLIENT_SECRET
 * names a client secret; otherwise DefaultAzureCredential, which picks up azure/login's session.
 */
export function githubCredentialSpec(parsed: ParsedInputs, env: Env, mask: (secret: string) => void): CredentialSpec {
  const clientId = typeof parsed['client-id'] === 'string' ? parsed['client-id'] : undefined;
  const tenantId = typeof parsed['tenant-id'] === 'string' ? parsed['tenant-id'] : undefined;
  const clientSecret = env.AZURE_CLIENT_SECRET?.trim() ? env.AZURE_CLIENT_SECRET : undefined;
  if (clientId !== undefined && tenantId !== undefined && clientSecret !== undefined) {
    mask(clientSecret);
    return { kind: 'client-secret', clientId, tenantId, clientSecret };
  }
  if (clientId !== undefined && tenantId !== undefined) {
    return { kind: 'github-oidc', clientId, tenantId, getIdToken: (audience) => core.getIDToken(audience) };
  }
  return { kind: 'default', ...(clientId === undefined ? {} : { clientId }), ...(tenantId === undefined ? {} : { tenantId }) };
}

/** The TokenCredential for a GitHub Actions run. */
export function githubCredential(parsed: ParsedInputs, cloud: CloudEndpoints, env: Env, mask: (secret: string) => void): TokenCredential {
  return createCredential(githubCredentialSpec(parsed, env, mask), cloud);
}
