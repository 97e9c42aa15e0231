import { ClientAssertionCredential, ClientSecretCredential, DefaultAzureCredential, ManagedIdentityCredential } from '@azure/identity';
import { describe, expect, it } from 'vitest';
import type { AuthorityAwareCredential } from '../../../src/core/azure/authority-aware-credential.js';
import { resolveCloud } from '../../../src/core/azure/clouds.js';
import { userAgent } from '../../../src/core/azure/arm-client-options.js';
import { createAzureContext } from '../../../src/core/azure/create-azure-context.js';
import { createCredential } from '../../../src/core/azure/credentials.js';
import { ConfigurationError } from '../../../src/core/errors.js';

const cloud = resolveCloud({ cloud: 'AzureCloud' });
const ids = { clientId: '11111111-2222-3333-4444-555555555555', tenantId: '66666666-7777-8888-9999-000000000000' };

describe('createCredential', () => {
  it('builds the @azure/identity credential for each kind', () => {
    const inner = (spec: Parameters<typeof createCredential>[0]) => (createCredential(spec, cloud) as AuthorityAwareCredential).inner;
    // GitHub OIDC and the default chain are wrapped once more, to explain their sign-in failures (sign-in-hints.ts).
    const unwrapped = (c: unknown) => (c as { inner: unknown }).inner;
    expect(unwrapped(inner({ kind: 'github-oidc', ...ids, getIdToken: async () => 'x' }))).toBeInstanceOf(ClientAssertionCredential);
    expect(inner({ kind: 'client-secret', ...ids, clientSecret: 's' })).toBeInstanceOf(ClientSecretCredential);
    expect(inner({ kind: 'managed-identity', clientId: ids.clientId })).toBeInstanceOf(ManagedIdentityCredential);
    expect(unwrapped(inner({ kind: 'default', tenantId: ids.tenantId }))).toBeInstanceOf(DefaultAzureCredential);
  });

  it.each([
    [{ kind: 'client-secret', ...ids, clientSecret: '' }, "client-secret is required for this sign-in method"],
    [{ kind: 'client-secret', ...ids, clientId: 'my-app', clientSecret: 's' }, "client-id 'my-app' is not a GUID"],
    [{ kind: 'client-secret', ...ids, tenantId: 'not a tenant', clientSecret: 's' }, "tenant-id 'not a tenant' is neither a GUID nor a domain name"],
    [{ kind: 'client-certificate', ...ids, certificatePem: '-----BEGIN CERTIFICATE-----\nMII\n-----END CERTIFICATE-----' }, 'no private key block found'],
    [{ kind: 'azure-pipelines', ...ids, serviceConnectionId: 'sc', systemAccessToken: '' }, 'SYSTEM_ACCESSTOKEN: $(System.AccessToken)'],
  ] as const)('refuses bad input before any sign-in: %#', (spec, message) => {
    expect(() => createCredential(spec as never, cloud)).toThrow(ConfigurationError);
    expect(() => createCredential(spec as never, cloud)).toThrow(message);
  });

  it('accepts a verified domain as tenant', () => {
    expect(() => createCredential({ kind: 'client-secret', ...ids, tenantId: 'contoso.onmicrosoft.com', clientSecret: 's' }, cloud)).not.toThrow();
  });
});

describe('createAzureContext', () => {
  const credential = createCredential({ kind: 'client-secret', ...ids, clientSecret: 's' }, cloud);

  it('builds each client once, on first use', () => {
    const ctx = createAzureContext({ credential, cloud, subscriptionId: ids.tenantId });
    expect(ctx.compute()).toBe(ctx.compute());
    expect(ctx.resources()).toBe(ctx.resources());
    expect(ctx.subscriptions()).toBe(ctx.subscriptions());
    expect(ctx.cloud).toBe(cloud);
  });

  it('refuses a missing or non-GUID subscription', () => {
    expect(() => createAzureContext({ credential, cloud, subscriptionId: '' })).toThrow('subscription-id is required');
    expect(() => createAzureContext({ credential, cloud, subscriptionId: 'Pay-As-You-Go' })).toThrow(
      "subscription-id 'Pay-As-You-Go' is not a GUID. Use the subscription ID (az account show --query id), not its name.",
    );
  });

  it('names the product and version in the user agent', () => {
    expect(userAgent()).toMatch(/^image-publish\/\d+\.\d+\.\d+$/);
    expect(userAgent('github-action/publish')).toMatch(/^github-action\/publish image-publish\/\d+\.\d+\.\d+$/);
  });
});
