import { readFileSync } from 'node:fs';
import type { TokenCredential } from '@azure/core-auth';
import type { CloudEndpoints } from '../../core/azure/clouds.js';
import { createCredential, type CredentialSpec } from '../../core/azure/credentials.js';
import { ConfigurationError, ErrorCodes } from '../../core/errors.js';
import type { ParsedInputs } from '../../steps/step-spec.js';

type Env = Readonly<Record<string, string | undefined>>;

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/**
 * `--client-id`/`--tenant-id` (which fall back to AZURE_CLIENT_ID/AZURE_TENANT_ID when parsed) with the secret or
 * certificate variables @azure/identity's EnvironmentCredential documents; a client secret is only ever taken
 * from the environment so it never shows in `ps` or shell history.
 */
export function cliCredentialSpec(parsed: ParsedInputs, env: Env, mask: (secret: string) => void): CredentialSpec {
  const clientId = nonEmpty(parsed['client-id']);
  const tenantId = nonEmpty(parsed['tenant-id']);
  const clientSecret = nonEmpty(env.AZURE_CLIENT_SECRET);
  const certificatePath = nonEmpty(env.AZURE_CLIENT_CERTIFICATE_PATH);
  if (clientId !== undefined && tenantId !== undefined && clientSecret !== undefined) {
    mask(clientSecret);
    return { kind: 'client-secret', clientId, tenantId, clientSecret };
  }
  if (clientId !== undefined && tenantId !== undefined && certificatePath !== undefined) {
    let certificatePem: string;
    try {
      certificatePem = readFileSync(certificatePath, 'utf8');
    } catch (error) {
      throw new ConfigurationError(
        ErrorCodes.authFailed,
        `Cannot read AZURE_CLIENT_CERTIFICATE_PATH '${certificatePath}': ${(error as Error).message}. Point it at a PEM file holding the certificate and its private key.`,
      );
    }
    mask(certificatePem);
    return { kind: 'client-certificate', clientId, tenantId, certificatePem };
  }
  return { kind: 'default', platform: 'cli', ...(clientId === undefined ? {} : { clientId }), ...(tenantId === undefined ? {} : { tenantId }) };
}

/** The TokenCredential for a CLI run. */
export function cliCredential(parsed: ParsedInputs, cloud: CloudEndpoints, env: Env, mask: (secret: string) => void): TokenCredential {
  return createCredential(cliCredentialSpec(parsed, env, mask), cloud);
}
