import { decodeJwt } from 'jose';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { toImagePublishError } from '../../../src/core/azure/azure-errors.js';
import { createAzureContext } from '../../../src/core/azure/create-azure-context.js';
import { createCredential } from '../../../src/core/azure/credentials.js';
import type { ImagePublishError } from '../../../src/core/errors.js';
import type { AzurePipelinesRunClaims, AzurePipelinesRunGrant } from '../../../src/emulator/identity/identity-types.js';
import type { EmulatorHandle } from '../../../src/emulator/index.js';
import { adminFetch, useEmulator } from '../../helpers/emulator.js';
import { captureSdkLogs, emulatorCloud, fastRetries } from './auth-harness.js';

/**
 * Workload identity federation as an Azure DevOps job runs it: the agent's System.OidcRequestUri endpoint (POST with
 * System.AccessToken) -> AzurePipelinesCredential -> Entra token exchange -> ARM, all real, against the emulator's
 * Azure-DevOps-compatible issuer and Entra-compatible authority.
 */
const ref = useEmulator();
let emulator: EmulatorHandle;
beforeEach(() => {
  emulator = ref.current;
});
afterEach(() => {
  vi.unstubAllEnvs();
});

const serviceConnectionId = '6f1c1a52-8a4e-4b43-9c55-0a3e9f1d2b7c';
const run: AzurePipelinesRunClaims = { organization: 'contoso', project: 'images', serviceConnectionName: 'azure-prod', serviceConnectionId };

/** Grants the job and sets SYSTEM_OIDCREQUESTURI as the agent does (AzurePipelinesCredential reads it from the environment). */
function grantJob(claims: AzurePipelinesRunClaims = run): AzurePipelinesRunGrant {
  const grant = emulator.identity.grantAzurePipelinesRun(claims);
  vi.stubEnv('SYSTEM_OIDCREQUESTURI', grant.oidcRequestUri);
  return grant;
}

/** An app registration trusting `subject` from the organization's issuer, with Reader on the subscription. */
function federatedApp(subject: string, issuer: string) {
  const app = emulator.identity.registerServicePrincipal({
    displayName: 'azure devops images pipeline',
    federatedCredentials: [{ name: 'azure-prod', issuer, subject, audiences: ['api://AzureADTokenExchange'] }],
  });
  emulator.authz.assign(app.objectId, 'Reader', `/subscriptions/${emulator.subscriptionId}`);
  return app;
}

function context(clientId: string, systemAccessToken: string) {
  const cloud = emulatorCloud(emulator);
  const credential = createCredential({ kind: 'azure-pipelines', clientId, tenantId: emulator.tenantId, serviceConnectionId, systemAccessToken }, cloud);
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

function oidcRequest(grant: AzurePipelinesRunGrant, opts: { token?: string; query?: string; method?: string } = {}): Promise<Response> {
  return fetch(`${grant.oidcRequestUri}${opts.query ?? `?api-version=7.1&serviceConnectionId=${serviceConnectionId}`}`, {
    method: opts.method ?? 'POST',
    headers: { 'content-type': 'application/json', ...(opts.token === '' ? {} : { authorization: `Bearer ${opts.token ?? grant.systemAccessToken}` }) },
  });
}

describe('Azure DevOps OIDC endpoint (System.OidcRequestUri)', () => {
  it('issues an ID token with the service connection subject, the organization issuer and the token-exchange audience', async () => {
    const grant = grantJob();
    expect(grant.subject).toBe('sc://contoso/images/azure-prod');
    expect(grant.oidcRequestUri).toMatch(/\/_apis\/distributedtask\/hubs\/build\/plans\/[0-9a-f-]{36}\/jobs\/[0-9a-f-]{36}\/oidctoken$/);
    expect(grant.oidcRequestUri).not.toContain('?');
    const res = await oidcRequest(grant);
    expect(res.status).toBe(200);
    const { oidcToken } = (await res.json()) as { oidcToken: string };
    const claims = decodeJwt(oidcToken);
    expect(claims).toMatchObject({ iss: grant.issuer, sub: 'sc://contoso/images/azure-prod', aud: 'api://AzureADTokenExchange' });
    expect(grant.issuer).toBe(`${emulator.url}/azure-devops/vstoken/${grant.organizationId}`);
    // The same organization keeps its issuer across jobs, as its id does in Azure DevOps.
    expect(emulator.identity.grantAzurePipelinesRun({ ...run, serviceConnectionName: 'other' }).issuer).toBe(grant.issuer);

    const discovery = (await (await fetch(`${grant.issuer}/.well-known/openid-configuration`)).json()) as { issuer: string; jwks_uri: string };
    expect(discovery.issuer).toBe(grant.issuer);
    const jwks = (await (await fetch(discovery.jwks_uri)).json()) as { keys: { kid: string }[] };
    expect(jwks.keys.map((k) => k.kid)).toContain((JSON.parse(Buffer.from(oidcToken.split('.')[0] ?? '', 'base64url').toString()) as { kid: string }).kid);
  });

  it('answers 401 TF400813 to a missing, wrong or other job\'s access token, and 400 to another service connection', async () => {
    const grant = grantJob();
    const other = emulator.identity.grantAzurePipelinesRun(run);
    for (const token of ['', 'not-the-token', other.systemAccessToken]) {
      const res = await oidcRequest(grant, { token });
      expect(res.status).toBe(401);
      const text = await res.text();
      expect(text).toContain('TF400813');
      expect(text).not.toContain('oidcToken');
    }
    const wrongConnection = await oidcRequest(grant, { query: '?api-version=7.1&serviceConnectionId=00000000-0000-0000-0000-000000000000' });
    expect(wrongConnection.status).toBe(400);
    expect(await wrongConnection.text()).toContain("Service connection '00000000-0000-0000-0000-000000000000'");
    expect((await oidcRequest(grant, { query: `?serviceConnectionId=${serviceConnectionId}` })).status).toBe(400);
    expect((await oidcRequest(grant, { method: 'GET' })).status).toBe(405);
  });

  it('is granted over the admin API too, for agents simulated in another process', async () => {
    const res = await adminFetch(emulator, 'POST', '/_emulator/azure-pipelines-runs', run);
    expect(res.status).toBe(201);
    const grant = res.body as AzurePipelinesRunGrant;
    expect(grant.subject).toBe('sc://contoso/images/azure-prod');
    expect((await oidcRequest(grant)).status).toBe(200);
    expect((await adminFetch(emulator, 'POST', '/_emulator/azure-pipelines-runs', { ...run, serviceConnectionId: 'x' })).status).toBe(400);
  });

  it('rejects a grant without a service connection GUID', () => {
    expect(() => emulator.identity.grantAzurePipelinesRun({ ...run, serviceConnectionId: 'azure-prod' })).toThrow(/serviceConnectionId must be/);
  });
});

describe('AzurePipelinesCredential via createCredential({kind: azure-pipelines})', () => {
  it('exchanges the job ID token for an ARM token and lists galleries; the access token never reaches a log', async () => {
    const grant = grantJob();
    const app = federatedApp(grant.subject, grant.issuer);
    const before = emulator.requestLog.entries().length;
    const logs = captureSdkLogs();
    let names: string[];
    try {
      names = await listGalleries(context(app.clientId, grant.systemAccessToken));
    } finally {
      logs.stop();
    }
    expect(names).toEqual(expect.any(Array));
    const calls = emulator.requestLog.entries().slice(before);
    expect(calls.some((c) => c.method === 'POST' && c.path.endsWith('/oidctoken') && c.status === 200)).toBe(true);
    expect(calls.some((c) => c.method === 'POST' && c.path.endsWith('/oauth2/v2.0/token') && c.status === 200)).toBe(true);
    const text = logs.lines.join('\n');
    expect(text).not.toContain(grant.systemAccessToken);
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.eyJ/);
  });

  it('turns a subject mismatch into E_AUTH_FAILED with AADSTS70021 naming the presented subject', async () => {
    const grant = grantJob({ ...run, serviceConnectionName: 'azure-dev' });
    const app = federatedApp('sc://contoso/images/azure-prod', grant.issuer);
    const err = await failure(listGalleries(context(app.clientId, grant.systemAccessToken)), 'listing galleries');
    expect(err.code).toBe('E_AUTH_FAILED');
    expect(err.message).toContain('AADSTS70021');
    expect(err.message).toContain('no federated credential on the app registration matches');
    expect(err.message).toContain("subject 'sc://contoso/images/azure-dev'");
    expect(err.message).toContain("'sc://org/project/service-connection-name'");
    expect(err.message).toContain(grant.issuer);
    expect(err.message).not.toContain(grant.systemAccessToken);
  });

  it('turns a wrong System.AccessToken into E_AUTH_FAILED that shows Azure DevOps refused it, without the token', async () => {
    const grant = grantJob();
    const app = federatedApp(grant.subject, grant.issuer);
    const wrong = 'wrong-system-access-token-value';
    const err = await failure(listGalleries(context(app.clientId, wrong)), 'listing galleries');
    expect(err.code).toBe('E_AUTH_FAILED');
    expect(err.message).toContain(`Azure DevOps refused the job access token (System.AccessToken) when asked for the ID token of service connection '${serviceConnectionId}' (HTTP 401)`);
    expect(err.message).not.toContain(wrong);
    expect(err.message).not.toContain(grant.systemAccessToken);
  });

  it('says the pipeline may not use the service connection when Azure DevOps refuses its id', async () => {
    const grant = grantJob({ ...run, serviceConnectionId: '0b8f3c2d-1e4a-4f5b-8c6d-7e8f9a0b1c2d' });
    const app = federatedApp(grant.subject, grant.issuer);
    const err = await failure(listGalleries(context(app.clientId, grant.systemAccessToken)), 'listing galleries');
    expect(err.code).toBe('E_AUTH_FAILED');
    expect(err.message).toContain(`Azure DevOps would not issue an ID token for service connection '${serviceConnectionId}' (HTTP 400)`);
    expect(err.message).not.toContain(grant.systemAccessToken);
  });
});
