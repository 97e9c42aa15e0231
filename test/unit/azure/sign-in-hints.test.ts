import { describe, expect, it } from 'vitest';
import { resolveCloud } from '../../../src/core/azure/clouds.js';
import { createCredential } from '../../../src/core/azure/credentials.js';
import { explainDefaultCredentialFailure } from '../../../src/core/azure/sign-in-hints.js';
import { ConfigurationError } from '../../../src/core/errors.js';

const cloud = resolveCloud({ armEndpoint: 'https://localhost:1/', authorityHost: 'https://localhost:1/' });

describe('sign-in failures say what was tried and what to set', () => {
  it('lists the default chain and the fix for the platform', async () => {
    const chain = { name: 'AggregateAuthenticationError', message: 'ChainedTokenCredential authentication failed.' };
    const failing = { getToken: async () => Promise.reject(Object.assign(new Error(chain.message), { name: chain.name })) };
    const error = await explainDefaultCredentialFailure(failing, 'cli').getToken('x/.default').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).code).toBe('E_AUTH_FAILED');
    const text = (error as Error).message;
    for (const source of ['AZURE_CLIENT_SECRET', 'AZURE_FEDERATED_TOKEN_FILE', 'managed identity', 'az login', 'Connect-AzAccount', 'azd auth login']) expect(text).toContain(source);
    expect(text).toContain('On the command line set AZURE_CLIENT_ID');
    expect(text).not.toContain('In Azure DevOps');
  });

  it('passes other errors through unchanged', async () => {
    const other = new Error('socket hang up');
    const error = await explainDefaultCredentialFailure({ getToken: async () => Promise.reject(other) }, 'github').getToken('x').catch((e: unknown) => e);
    expect(error).toBe(other);
  });

  it('GitHub OIDC without id-token: write says so, through the real ClientAssertionCredential', async () => {
    const credential = createCredential({
      kind: 'github-oidc',
      clientId: '00000000-0000-0000-0000-000000000002',
      tenantId: '00000000-0000-0000-0000-000000000003',
      // What @actions/core's getIDToken throws when the job lacks the permission (lib/oidc-utils.js).
      getIdToken: async () => Promise.reject(new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable')),
    }, cloud);
    const error = await credential.getToken('https://localhost:1/.default').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain('add `permissions: id-token: write`');
  });
});
