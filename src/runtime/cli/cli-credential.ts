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
 * Which sign-in the CLI uses, from what is set, without reading any file: `--client-id`/`--tenant-id` (which fall
 * back to AZURE_CLIENT_ID/AZURE_TENANT_ID when parsed) with the secret or certificate variables @azure/identity's
 * EnvironmentCredential documents, else DefaultAzureCredential (az login, managed identity, ...).
 */
export function cliSignInKind(parsed: ParsedInputs, env: Env): 'client-secret' | 'client-certificate' | 'default' {
  if (nonEmpty(parsed['client-id']) === undefined || nonEmpty(parsed['tenant-id']) === undefined) return 'default';
  if (nonEmpty(env.AZURE_CLIENT_SECRET) !== undefined) return 'client-secret';
  return nonEmpty(env.AZURE_CLIENT_CERTIFICATE_PATH) !== undefined ? 'client-certificate' : 'default';
}

/** The CLI's credential spec; a client secret is only ever taken from the environment so it never shows in `ps`. */
export function cliCredentialSpec(parsed: ParsedInputs, env: Env, mask: (secret: string) => void): CredentialSpec {
  const clientId = nonEmpty(parsed['client-id']);
  const tenantId = nonEmpty(parsed['tenant-id']);
  const kind = cliSignInKind(parsed, env);
  if (kind === 'client-secret' && clientId !== undefined && tenantId !== undefined) {
    const clientSecret = env.AZURE_CLIENT_SECRET as string;
    mask(clientSecret);
    return { kind, clientId, tenantId, clientSecret };
  }
  if (kind === 'client-certificate' && clientId !== undefined && tenantId !== undefined) {
    const certificatePath = env.AZURE_CLIENT_CERTIFICATE_PATH as string;
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
    return { kind, clientId, tenantId, certificatePem };
  }
  return { kind: 'default', platform: 'cli', ...(clientId === undefined ? {} : { clientId }), ...(tenantId === undefined ? {} : { tenantId }) };
}

/** The TokenCredential for a CLI run. */
export function cliCredential(parsed: ParsedInputs, cloud: CloudEndpoints, env: Env, mask: (secret: string) => void): TokenCredential {
  return createCredential(cliCredentialSpec(parsed, env, mask), cloud);
}
