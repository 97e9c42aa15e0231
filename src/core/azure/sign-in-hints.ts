/**
 * Sign-in failures that say what was tried and what to set. DefaultAzureCredential's own message
 * ("ChainedTokenCredential authentication failed") names neither; GitHub's ID token request without
 * `permissions: id-token: write` fails with "Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable".
 */
import type { TokenCredential } from '@azure/core-auth';
import { ConfigurationError, ErrorCodes } from '../errors.js';

/** The sources @azure/identity 4's DefaultAzureCredential tries, in its order, with what each reads. */
export const defaultCredentialSources = [
  'environment (AZURE_CLIENT_ID + AZURE_TENANT_ID with AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH)',
  'workload identity (AZURE_FEDERATED_TOKEN_FILE)',
  'managed identity (Azure VM, scale set, container or self-hosted agent)',
  'Visual Studio Code',
  'Azure CLI (az login)',
  'Azure PowerShell (Connect-AzAccount)',
  'Azure Developer CLI (azd auth login)',
] as const;

/** What to set on each platform when no source gave a token. */
export const signInFixes = {
  cli: 'On the command line set AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH), or run az login; for the emulator paste the export lines `image-publish emulator` printed.',
  github: 'In GitHub Actions give client-id and tenant-id (federated OIDC, with `permissions: id-token: write` on the job), or run azure/login before this step.',
  azdo: 'In Azure DevOps set azureSubscription to an Azure Resource Manager service connection.',
} as const;

export type SignInPlatform = keyof typeof signInFixes;

const IDENTITY_FAILURES = new Set(['AggregateAuthenticationError', 'CredentialUnavailableError']);

/** Wraps DefaultAzureCredential so "no source worked" lists the sources tried and the fix for `platform`. */
export function explainDefaultCredentialFailure(inner: TokenCredential, platform: SignInPlatform | undefined): TokenCredential & { inner: TokenCredential } {
  return {
    inner,
    async getToken(scopes, options) {
      try {
        return await inner.getToken(scopes, options);
      } catch (err) {
        if (!(err instanceof Error) || !IDENTITY_FAILURES.has(err.name)) throw err;
        const fix = platform === undefined ? Object.values(signInFixes).join(' ') : signInFixes[platform];
        throw new ConfigurationError(
          ErrorCodes.authFailed,
          `No Azure sign-in was found. Tried, in order: ${defaultCredentialSources.join('; ')}. ${fix}`,
          { cause: err },
        );
      }
    },
  };
}

/** True when GitHub's ID token request failed because the job may not request one. */
export function isMissingIdTokenPermission(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (/ACTIONS_ID_TOKEN_REQUEST_(URL|TOKEN)/.test(e.message)) return true;
  }
  return false;
}

/** GitHub OIDC: the missing `id-token: write` permission becomes an error that says so. */
export function explainGithubIdTokenFailure(getIdToken: (audience: string) => Promise<string>): (audience: string) => Promise<string> {
  return async (audience) => {
    try {
      return await getIdToken(audience);
    } catch (err) {
      if (!isMissingIdTokenPermission(err)) throw err;
      throw missingIdTokenPermission(err);
    }
  };
}

export function missingIdTokenPermission(cause: unknown): ConfigurationError {
  return new ConfigurationError(
    ErrorCodes.authFailed,
    'GitHub gave this job no OIDC token: add `permissions: id-token: write` (and `contents: read`) to the job or workflow. ' +
      'Pull requests from forks never get one; use a pull_request_target-free workflow or a secret-based sign-in there.',
    { cause },
  );
}

/** Wraps the OIDC credential too: @azure/identity may wrap the callback's error in its own. */
export function explainGithubOidcFailure(inner: TokenCredential): TokenCredential & { inner: TokenCredential } {
  return {
    inner,
    async getToken(scopes, options) {
      try {
        return await inner.getToken(scopes, options);
      } catch (err) {
        if (err instanceof ConfigurationError) throw err;
        if (isMissingIdTokenPermission(err)) throw missingIdTokenPermission(err);
        throw err;
      }
    },
  };
}
