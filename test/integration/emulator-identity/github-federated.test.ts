import { getIDToken } from '@actions/core';
import { ClientAssertionCredential } from '@azure/identity';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { armAudience, armScope, startIdentityHarness, type IdentityHarness } from './identity-harness.js';

const exchangeAudience = 'api://AzureADTokenExchange';
const mainSubject = 'repo:contoso/images:ref:refs/heads/main';

let h: IdentityHarness;
let stdout: string[];
beforeAll(async () => {
  h = await startIdentityHarness();
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => {
  // getIDToken masks the token with `::add-mask::<token>` (for the runner); keep it out of the test log and check it.
  stdout = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(String(chunk));
    return true;
  });
});

const options = () => ({ authorityHost: `${h.url}/`, disableInstanceDiscovery: true });

/** Points @actions/core at the emulated runner endpoint for a run with these claims. */
function runAs(repository: string, ref: string): void {
  const grant = h.identity.grantGithubRun({ repository, ref, sha: 'a'.repeat(40), workflow: 'publish', actor: 'octocat' });
  vi.stubEnv('ACTIONS_ID_TOKEN_REQUEST_URL', grant.requestUrl);
  vi.stubEnv('ACTIONS_ID_TOKEN_REQUEST_TOKEN', grant.requestToken);
}

function registerApp(issuer: string, subject = mainSubject, audiences = [exchangeAudience]) {
  return h.identity.registerServicePrincipal({
    displayName: 'github-deployer',
    federatedCredentials: [{ name: 'main', issuer, subject, audiences }],
  });
}

async function errorOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the token request to fail');
}

describe('GitHub Actions OIDC issuer and federated credentials', () => {
  it('serves an ID token to @actions/core getIDToken with GitHub-shaped claims', async () => {
    runAs('contoso/images', 'refs/heads/main');
    const idToken = await getIDToken(exchangeAudience);
    const claims = decodeJwt(idToken);
    expect(claims).toMatchObject({
      iss: h.identity.githubIssuer,
      aud: exchangeAudience,
      sub: mainSubject,
      repository: 'contoso/images',
      repository_owner: 'contoso',
      ref: 'refs/heads/main',
      sha: 'a'.repeat(40),
      workflow: 'publish',
      actor: 'octocat',
      job_workflow_ref: 'contoso/images/.github/workflows/publish.yml@refs/heads/main',
    });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(300);
    expect(decodeProtectedHeader(idToken)).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    expect(h.identity.githubIssuer).toBe(`${h.url}/github-oidc`);
    // The only place the token may appear is the runner's mask command.
    expect(stdout.filter((line) => line.includes(idToken)).every((line) => line.startsWith('::add-mask::'))).toBe(true);
  });

  it('publishes discovery and JWKS at the issuer like token.actions.githubusercontent.com', async () => {
    const discovery = (await (await fetch(`${h.identity.githubIssuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(discovery.issuer).toBe(h.identity.githubIssuer);
    const jwks = (await (await fetch(String(discovery.jwks_uri))).json()) as { keys: { kty: string; kid: string }[] };
    expect(jwks.keys[0]?.kty).toBe('RSA');
  });

  it('refuses the ID token endpoint without the run request token', async () => {
    runAs('contoso/images', 'refs/heads/main');
    const response = await fetch(`${h.identity.githubIssuer}/idtoken?api-version=2.0&audience=x`, {
      headers: { authorization: 'Bearer not-the-token' },
    });
    expect(response.status).toBe(401);
  });

  it('exchanges a GitHub ID token for an ARM token through ClientAssertionCredential', async () => {
    runAs('contoso/images', 'refs/heads/main');
    const app = registerApp(h.identity.githubIssuer);
    const credential = new ClientAssertionCredential(h.tenantId, app.clientId, () => getIDToken(exchangeAudience), options());
    const token = await credential.getToken(armScope);
    expect(decodeJwt(token.token)).toMatchObject({ aud: armAudience, oid: app.objectId, appid: app.clientId });
    const auth = await h.identity.authenticate(`Bearer ${token.token}`);
    expect(auth.ok && auth.principal.objectId).toBe(app.objectId);
  });

  it.each([
    ['subject (another branch)', 'refs/heads/feature', undefined, exchangeAudience, "Assertion Subject: 'repo:contoso/images:ref:refs/heads/feature'"],
    ['issuer', 'refs/heads/main', 'https://token.actions.githubusercontent.com', exchangeAudience, 'Assertion Issuer: '],
    ['audience', 'refs/heads/main', undefined, 'api://SomethingElse', "Assertion Audience: 'api://SomethingElse'"],
  ])('refuses a token whose %s does not match with AADSTS70021', async (_what, ref, issuer, audience, detail) => {
    runAs('contoso/images', ref);
    const app = registerApp(issuer ?? h.identity.githubIssuer);
    const credential = new ClientAssertionCredential(h.tenantId, app.clientId, () => getIDToken(audience), options());
    const message = await errorOf(credential.getToken(armScope));
    expect(message).toContain('AADSTS70021: No matching federated identity record found for presented assertion.');
    expect(message).toContain(detail);
  });

  it('refuses an expired GitHub ID token with AADSTS700024', async () => {
    runAs('contoso/images', 'refs/heads/main');
    const app = registerApp(h.identity.githubIssuer);
    const stale = await getIDToken(exchangeAudience);
    h.advance(20 * 60_000);
    const credential = new ClientAssertionCredential(h.tenantId, app.clientId, async () => stale, options());
    const message = await errorOf(credential.getToken(armScope)).finally(() => h.advance(-20 * 60_000));
    expect(message).toContain('AADSTS700024: Client assertion is not within its valid time range.');
    expect(message).not.toContain(stale);
  });

  it('trusts another issuer through its OIDC discovery and JWKS over HTTPS', async () => {
    const other = await startIdentityHarness();
    try {
      const grant = other.identity.grantGithubRun({ repository: 'contoso/images', ref: 'refs/heads/main' });
      const app = registerApp(other.identity.githubIssuer);
      const assertion = async () => {
        const response = await fetch(`${grant.requestUrl}&audience=${encodeURIComponent(exchangeAudience)}`, {
          headers: { authorization: `Bearer ${grant.requestToken}` },
        });
        return ((await response.json()) as { value: string }).value;
      };
      const token = await new ClientAssertionCredential(h.tenantId, app.clientId, assertion, options()).getToken(armScope);
      expect(decodeJwt(token.token)).toMatchObject({ oid: app.objectId });
      expect(other.requests.map((r) => r.path)).toEqual(
        expect.arrayContaining(['/github-oidc/.well-known/openid-configuration', '/github-oidc/.well-known/jwks']),
      );
    } finally {
      await other.close();
    }
  });

  it('refuses a GitHub ID token whose signature was tampered with', async () => {
    runAs('contoso/images', 'refs/heads/main');
    const app = registerApp(h.identity.githubIssuer);
    const [head, body, sig = ''] = (await getIDToken(exchangeAudience)).split('.');
    const forged = `${head}.${body}.${sig.startsWith('A') ? 'B' : 'A'}${sig.slice(1)}`;
    const credential = new ClientAssertionCredential(h.tenantId, app.clientId, async () => forged, options());
    expect(await errorOf(credential.getToken(armScope))).toContain('AADSTS50013');
  });
});
