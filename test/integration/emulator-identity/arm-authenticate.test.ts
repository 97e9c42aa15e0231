import { ClientSecretCredential } from '@azure/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { armScope, startIdentityHarness, type IdentityHarness } from './identity-harness.js';

let h: IdentityHarness;
let credential: ClientSecretCredential;
let principal: { clientId: string; objectId: string };
beforeAll(async () => {
  h = await startIdentityHarness();
  const sp = h.identity.registerServicePrincipal({ displayName: 'arm-caller' });
  principal = sp;
  credential = new ClientSecretCredential(h.tenantId, sp.clientId, sp.clientSecret ?? '', {
    authorityHost: `${h.url}/`,
    disableInstanceDiscovery: true,
  });
});
afterAll(async () => {
  await h?.close();
});

function expectFailure(result: Awaited<ReturnType<typeof h.identity.authenticate>>, code: string, message: string | RegExp) {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.status).toBe(401);
  expect(result.code).toBe(code);
  expect(result.message).toMatch(message);
  expect(result.wwwAuthenticate).toMatch(
    new RegExp(`^Bearer authorization_uri="${h.url}/${h.tenantId}", error="invalid_token", error_description=".+"$`),
  );
}

describe('ARM bearer authentication', () => {
  it('accepts a valid ARM token and names the principal', async () => {
    const { token } = await credential.getToken(armScope);
    const result = await h.identity.authenticate(`Bearer ${token}`);
    expect(result).toEqual({
      ok: true,
      principal: { objectId: principal.objectId, clientId: principal.clientId, tenantId: h.tenantId, displayName: 'arm-caller' },
    });
  });

  it('refuses a missing header as ARM does', async () => {
    expectFailure(await h.identity.authenticate(undefined), 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.");
  });

  it('refuses a header that is not a bearer token', async () => {
    expectFailure(await h.identity.authenticate('Basic dXNlcjpwYXNz'), 'AuthenticationFailed', /invalid format/);
  });

  it('refuses garbage and a tampered signature with InvalidAuthenticationToken', async () => {
    expectFailure(await h.identity.authenticate('Bearer not.a.jwt'), 'InvalidAuthenticationToken', 'The access token is invalid.');
    const { token } = await credential.getToken(armScope);
    const [head, body, sig = ''] = token.split('.');
    const tampered = `${head}.${body}.${sig.startsWith('A') ? 'B' : 'A'}${sig.slice(1)}`;
    expectFailure(await h.identity.authenticate(`Bearer ${tampered}`), 'InvalidAuthenticationToken', 'The access token is invalid.');
  });

  it('refuses a token issued for another resource with InvalidAuthenticationTokenAudience', async () => {
    const { token } = await credential.getToken('https://vault.azure.net/.default');
    const result = await h.identity.authenticate(`Bearer ${token}`);
    expectFailure(result, 'InvalidAuthenticationTokenAudience', "The access token has been obtained for wrong audience or resource 'https://vault.azure.net'.");
  });

  it('refuses an expired token with ExpiredAuthenticationToken and ARM message text', async () => {
    const { token } = await credential.getToken(armScope);
    h.advance(2 * 3600_000);
    const result = await h.identity.authenticate(`Bearer ${token}`);
    expectFailure(
      result,
      'ExpiredAuthenticationToken',
      /^The access token expiry UTC time '\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}:\d{2} [AP]M' is earlier than current UTC time '\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}:\d{2} [AP]M'\.$/,
    );
    // The failure text never carries the token itself.
    expect(JSON.stringify(result)).not.toContain(token);
  });
});
