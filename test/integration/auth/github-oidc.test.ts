import * as core from '@actions/core';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { toImagePublishError } from '../../../src/core/azure/azure-errors.js';
import { armScope } from '../../../src/core/azure/clouds.js';
import { createAzureContext } from '../../../src/core/azure/create-azure-context.js';
import { createCredential } from '../../../src/core/azure/credentials.js';
import type { GithubRunClaims } from '../../../src/emulator/identity/identity-types.js';
import type { EmulatorHandle } from '../../../src/emulator/index.js';
import { useEmulator } from '../../helpers/emulator.js';
import { captureSdkLogs, emulatorCloud, fastRetries } from './auth-harness.js';

/**
 * The federated flow a GitHub job runs: the runner's ID token endpoint (ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN)
 * -> @actions/core getIDToken -> ClientAssertionCredential -> Entra token exchange -> ARM, all real, against
 * the emulator's GitHub-compatible issuer and Entra-compatible authority.
 */
const ref = useEmulator();
let emulator: EmulatorHandle;
beforeEach(() => {
  emulator = ref.current;
});

const repository = 'contoso/images';
const mainSubject = `repo:${repository}:ref:refs/heads/main`;

/** Grants a GitHub run through the emulator's OIDC issuer and points @actions/core at it. */
function grantRun(claims: GithubRunClaims): void {
  const grant = emulator.identity.grantGithubRun(claims);
  vi.stubEnv('ACTIONS_ID_TOKEN_REQUEST_URL', grant.requestUrl);
  vi.stubEnv('ACTIONS_ID_TOKEN_REQUEST_TOKEN', grant.requestToken);
}

function federatedApp() {
  const app = emulator.identity.registerServicePrincipal({
    displayName: 'github images pipeline',
    federatedCredentials: [{ name: 'main', issuer: emulator.identity.githubIssuer, subject: mainSubject, audiences: ['api://AzureADTokenExchange'] }],
  });
  emulator.authz.assign(app.objectId, 'Reader', `/subscriptions/${emulator.subscriptionId}`);
  return app;
}

/** What a runtime does on GitHub: getIDToken for the audience the credential asks for; counts the calls. */
function githubOidc(app: { clientId: string }) {
  const audiences: string[] = [];
  const idTokens: string[] = [];
  const cloud = emulatorCloud(emulator);
  const credential = createCredential(
    {
      kind: 'github-oidc',
      clientId: app.clientId,
      tenantId: emulator.tenantId,
      getIdToken: async (audience) => {
        audiences.push(audience);
        const token = await core.getIDToken(audience);
        idTokens.push(token);
        return token;
      },
    },
    cloud,
  );
  const azure = createAzureContext({ credential, cloud, subscriptionId: emulator.subscriptionId, retryOptions: fastRetries });
  return { azure, credential, cloud, audiences, idTokens };
}

/** @actions/core announces each ID token with ::add-mask:: on stdout (the runner hides it); capture that. */
function captureStdout(): { text: () => string; restore: () => void } {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
    return true;
  });
  return { text: () => chunks.join(''), restore: () => spy.mockRestore() };
}

describe('GitHub OIDC federated credential', () => {
  it('exchanges a GitHub ID token for an ARM token and calls ARM', async () => {
    grantRun({ repository, ref: 'refs/heads/main' });
    const app = federatedApp();
    const oidc = githubOidc(app);
    const stdout = captureStdout();
    const logs = captureSdkLogs();
    try {
      const names: string[] = [];
      for await (const g of oidc.azure.compute().galleries.list()) names.push(g.name ?? '');
      expect(names).toEqual(expect.any(Array));
    } finally {
      logs.stop();
      stdout.restore();
    }
    // The ID token is requested for the cloud's token-exchange audience (MSAL resolves the assertion callback
    // more than once per token request, so the count is not asserted here).
    expect(oidc.idTokens.length).toBeGreaterThan(0);
    expect(new Set(oidc.audiences)).toEqual(new Set(['api://AzureADTokenExchange']));
    // The only place an ID token appears is the runner's mask command; never in SDK logs.
    let rest = stdout.text();
    for (const idToken of oidc.idTokens) rest = rest.replaceAll(`::add-mask::${idToken}`, '');
    for (const idToken of oidc.idTokens) {
      expect(rest).not.toContain(idToken);
      expect(logs.lines.join('\n')).not.toContain(idToken);
    }
    expect(logs.lines.join('\n')).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.eyJ/);
  });

  it('asks GitHub for a fresh ID token whenever a new access token is needed', async () => {
    grantRun({ repository, ref: 'refs/heads/main' });
    const oidc = githubOidc(federatedApp());
    const stdout = captureStdout();
    try {
      const first = await oidc.credential.getToken(armScope(oidc.cloud));
      expect(first?.token).toBeTruthy();
      const fetchedForFirst = oidc.idTokens.length;
      expect(fetchedForFirst).toBeGreaterThan(0);
      // A new access token (forced here by a claims challenge, as ARM sends for CAE; in a long bake, the
      // access token reaching its refresh time) is exchanged for an ID token fetched for that request.
      const claims = JSON.stringify({ access_token: { nbf: { essential: true, value: String(Math.floor(Date.now() / 1000)) } } });
      const second = await oidc.credential.getToken(armScope(oidc.cloud), { claims });
      expect(second?.token).toBeTruthy();
      expect(second?.token).not.toBe(first?.token);
      expect(oidc.idTokens.length).toBeGreaterThan(fetchedForFirst);
    } finally {
      stdout.restore();
    }
    expect(new Set(oidc.audiences)).toEqual(new Set(['api://AzureADTokenExchange']));
  });

  it('turns a subject mismatch into E_AUTH_FAILED that says which subject to configure', async () => {
    grantRun({ repository, ref: 'refs/heads/feature/x' });
    const oidc = githubOidc(federatedApp());
    const stdout = captureStdout();
    let caught: unknown;
    try {
      for await (const _ of oidc.azure.compute().galleries.list()) void _;
    } catch (err) {
      caught = err;
    } finally {
      stdout.restore();
    }
    const err = toImagePublishError(caught, 'listing galleries');
    expect(err.code).toBe('E_AUTH_FAILED');
    expect(err.message).toMatch(/AADSTS7002\d|AADSTS70021|AADSTS700213/);
    expect(err.message).toContain("'repo:org/repo:ref:refs/heads/main'");
    expect(err.message).toContain('app registration');
    expect(err.message).toContain(`The presented token had subject 'repo:${repository}:ref:refs/heads/feature/x', issuer '${emulator.identity.githubIssuer}', audience 'api://AzureADTokenExchange'`);
    for (const token of oidc.idTokens) expect(err.message).not.toContain(token);
  });
});
