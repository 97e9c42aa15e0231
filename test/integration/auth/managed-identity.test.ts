import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toImagePublishError } from '../../../src/core/azure/azure-errors.js';
import { createAzureContext } from '../../../src/core/azure/create-azure-context.js';
import { createCredential } from '../../../src/core/azure/credentials.js';
import type { ImagePublishError } from '../../../src/core/errors.js';
import type { ManagedIdentityHostGrant } from '../../../src/emulator/identity/identity-types.js';
import type { EmulatorHandle } from '../../../src/emulator/index.js';
import { adminFetch, useEmulator } from '../../helpers/emulator.js';
import { captureSdkLogs, emulatorCloud, fastRetries } from './auth-harness.js';

/**
 * Managed identity on a self-hosted agent's VM: ManagedIdentityCredential (MSAL's App Service source, selected by
 * IDENTITY_ENDPOINT + IDENTITY_HEADER) -> the emulator's managed identity endpoint -> ARM. MSAL picks its source once
 * per process, so the whole file uses one emulated host.
 */
const ref = useEmulator();
let emulator: EmulatorHandle;
let host: ManagedIdentityHostGrant;
const userAssignedClientId = '3c1d8e0a-5b7f-4a2e-9d64-7f0b2a9c1e55';

beforeAll(() => {
  emulator = ref.current;
  host = emulator.identity.grantManagedIdentityHost({
    systemAssigned: { displayName: 'agent-vm-01' },
    userAssigned: [{ displayName: 'id-image-publisher', clientId: userAssignedClientId }],
  });
  // Only the user-assigned identity may read the subscription, so a 403 proves which identity signed in.
  emulator.authz.assign(host.userAssigned[0]?.objectId ?? '', 'Reader', `/subscriptions/${emulator.subscriptionId}`);
  // Set for the whole file (vitest's unstubEnvs would reset vi.stubEnv after the first test).
  process.env.IDENTITY_ENDPOINT = host.identityEndpoint;
  process.env.IDENTITY_HEADER = host.identityHeader;
});
afterAll(() => {
  delete process.env.IDENTITY_ENDPOINT;
  delete process.env.IDENTITY_HEADER;
});

function context(clientId?: string) {
  const cloud = emulatorCloud(emulator);
  const credential = createCredential({ kind: 'managed-identity', ...(clientId ? { clientId } : {}) }, cloud);
  return createAzureContext({ credential, cloud, subscriptionId: emulator.subscriptionId, retryOptions: fastRetries });
}

async function listGalleries(ctx: ReturnType<typeof context>): Promise<string[]> {
  const names: string[] = [];
  for await (const g of ctx.compute().galleries.list()) names.push(g.name ?? '');
  return names;
}

async function failure(promise: Promise<unknown>, doing: string): Promise<ImagePublishError> {
  try {
    await promise;
  } catch (err) {
    return toImagePublishError(err, doing);
  }
  throw new Error('expected the call to fail');
}

function tokenRequest(query: string, header?: string): Promise<Response> {
  return fetch(`${host.identityEndpoint}?${query}`, { headers: header === undefined ? {} : { 'X-IDENTITY-HEADER': header } });
}

describe('managed identity endpoint (App Service protocol)', () => {
  it('issues an ARM token for the selected identity in the App Service response shape', async () => {
    const res = await tokenRequest(`api-version=2019-08-01&resource=${encodeURIComponent(emulator.armAudience)}&client_id=${userAssignedClientId}`, host.identityHeader);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, string>;
    expect(body).toMatchObject({ token_type: 'Bearer', client_id: userAssignedClientId, resource: emulator.armAudience });
    expect(body.expires_on).toMatch(/^\d+$/);
    const claims = decodeJwt(body.access_token ?? '');
    expect(claims).toMatchObject({ aud: emulator.armAudience, appid: userAssignedClientId, oid: host.userAssigned[0]?.objectId, tid: emulator.tenantId });
    expect(Number(body.expires_on)).toBe(claims.exp);

    const system = (await (await tokenRequest(`api-version=2019-08-01&resource=${encodeURIComponent(emulator.armAudience)}`, host.identityHeader)).json()) as Record<string, string>;
    expect(decodeJwt(system.access_token ?? '').oid).toBe(host.systemAssigned?.objectId);
  });

  it('refuses a missing or wrong X-IDENTITY-HEADER, an unknown identity, resource or api-version', async () => {
    const resource = encodeURIComponent(emulator.armAudience);
    for (const header of [undefined, 'wrong-header', `${host.identityHeader}x`]) {
      const res = await tokenRequest(`api-version=2019-08-01&resource=${resource}`, header);
      expect(res.status).toBe(401);
      const text = await res.text();
      expect(text).toContain('X-IDENTITY-HEADER');
      expect(text).not.toContain('access_token');
    }
    const unknown = await tokenRequest(`api-version=2019-08-01&resource=${resource}&client_id=00000000-0000-0000-0000-000000000000`, host.identityHeader);
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain("client_id '00000000-0000-0000-0000-000000000000'");
    expect((await tokenRequest('api-version=2019-08-01&resource=https%3A%2F%2Fexample.com%2F', host.identityHeader)).status).toBe(400);
    expect((await tokenRequest(`api-version=2017-09-01&resource=${resource}`, host.identityHeader)).status).toBe(400);
  });

  it('answers a host without a system-assigned identity only for named identities', async () => {
    const userOnly = emulator.identity.grantManagedIdentityHost({ userAssigned: [{ displayName: 'id-only' }] });
    const res = await fetch(`${userOnly.identityEndpoint}?api-version=2019-08-01&resource=${encodeURIComponent(emulator.armAudience)}`, {
      headers: { 'X-IDENTITY-HEADER': userOnly.identityHeader },
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('no system-assigned managed identity');
    expect(() => emulator.identity.grantManagedIdentityHost({})).toThrow(/assign a systemAssigned identity/);
  });

  it('is granted over the admin API too, without returning any secret of the identities', async () => {
    const res = await adminFetch(emulator, 'POST', '/_emulator/managed-identity-hosts', { systemAssigned: { displayName: 'agent-vm-02' } });
    expect(res.status).toBe(201);
    const grant = res.body as ManagedIdentityHostGrant;
    expect(grant.identityEndpoint).toMatch(/\/managed-identity\/[0-9a-f-]{36}\/msi\/token$/);
    expect(Object.keys(grant.systemAssigned ?? {}).sort()).toEqual(['clientId', 'displayName', 'objectId']);
    const token = await fetch(`${grant.identityEndpoint}?api-version=2019-08-01&resource=${encodeURIComponent(emulator.armAudience)}`, {
      headers: { 'X-IDENTITY-HEADER': grant.identityHeader },
    });
    expect(token.status).toBe(200);
  });
});

describe('ManagedIdentityCredential via createCredential({kind: managed-identity})', () => {
  it('lists galleries as the user-assigned identity named by clientId; the identity header never reaches a log', async () => {
    const logs = captureSdkLogs();
    let names: string[];
    try {
      names = await listGalleries(context(userAssignedClientId));
    } finally {
      logs.stop();
    }
    expect(names).toEqual(expect.any(Array));
    expect(logs.lines.join('\n')).not.toContain(host.identityHeader);
    expect(logs.lines.join('\n')).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.eyJ/);
  });

  it('signs in as the system-assigned identity without clientId (which has no role here: 403 naming it)', async () => {
    const err = await failure(listGalleries(context()), 'listing galleries');
    expect(err.code).toBe('E_AUTHORIZATION_FAILED');
    expect(err.message).toContain(host.systemAssigned?.objectId ?? 'missing');
  });

  it('turns an identity not assigned to the host into E_AUTH_FAILED naming the client id', async () => {
    const clientId = '11111111-2222-3333-4444-555555555555';
    const err = await failure(listGalleries(context(clientId)), 'listing galleries');
    expect(err.code).toBe('E_AUTH_FAILED');
    expect(err.message).toContain('ManagedIdentityCredential');
    expect(err.message).toContain(clientId);
    expect(err.message).not.toContain(host.identityHeader);
  });
});
