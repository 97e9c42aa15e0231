import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { armScope, createRsaCertificatePem, startIdentityHarness, type IdentityHarness } from './identity-harness.js';

let h: IdentityHarness;
beforeAll(async () => {
  h = await startIdentityHarness();
});
afterAll(async () => {
  await h?.close();
});

const assertionType = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

interface EntraErrorBody {
  error: string;
  error_description: string;
  error_codes: number[];
  trace_id: string;
  correlation_id: string;
  timestamp: string;
}

async function tokenRequest(form: Record<string, string>): Promise<{ status: number; body: EntraErrorBody }> {
  const response = await fetch(`${h.url}/${h.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  return { status: response.status, body: (await response.json()) as EntraErrorBody };
}

/** A certificate-credential assertion, as MSAL builds it, with selectable claims. */
async function certificateAssertion(
  clientId: string,
  cert: { certificatePem: string; bundlePem: string },
  claims: { aud?: string; exp?: number; thumbprint?: string } = {},
): Promise<string> {
  const key = createPrivateKey(cert.bundlePem);
  const now = Math.floor(Date.now() / 1000);
  const thumbprint = claims.thumbprint ?? createHash('sha256').update(new X509Certificate(cert.certificatePem).raw).digest('base64url');
  return new SignJWT({ jti: crypto.randomUUID() })
    .setProtectedHeader({ alg: 'RS256', 'x5t#S256': thumbprint })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(claims.aud ?? `${h.url}/${h.tenantId}/oauth2/v2.0/token`)
    .setNotBefore(now)
    .setExpirationTime(claims.exp ?? now + 600)
    .sign(key);
}

describe('token endpoint errors shaped like Entra', () => {
  it('answers with error, AADSTS description, error_codes, trace and correlation ids', async () => {
    const { status, body } = await tokenRequest({ grant_type: 'password', client_id: 'x', scope: armScope });
    expect(status).toBe(400);
    expect(body.error).toBe('unsupported_grant_type');
    expect(body.error_codes).toEqual([70003]);
    expect(body.error_description).toMatch(/^AADSTS70003: .*\r\nTrace ID: [0-9a-f-]{36}\r\nCorrelation ID: [0-9a-f-]{36}\r\nTimestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/s);
    expect(body.trace_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    [{ grant_type: 'client_credentials', scope: armScope }, 900144, "'client_id'"],
    [{ grant_type: 'client_credentials', client_id: 'x' }, 900144, "'scope'"],
    [{ grant_type: 'client_credentials', client_id: 'x', scope: 'https://management.azure.com/user_impersonation' }, 1002012, '/.default'],
  ])('names the missing or bad parameter (%#)', async (form, code, detail) => {
    const { body } = await tokenRequest(form);
    expect(body.error_codes).toEqual([code]);
    expect(body.error_description).toContain(detail);
  });

  it('refuses a malformed assertion with AADSTS50027 and a request with no credential with AADSTS7000218', async () => {
    const sp = h.identity.registerServicePrincipal({ displayName: 'raw' });
    const base = { grant_type: 'client_credentials', client_id: sp.clientId, scope: armScope };
    const malformed = await tokenRequest({ ...base, client_assertion_type: assertionType, client_assertion: 'abc.def' });
    expect(malformed.body.error_codes).toEqual([50027]);
    const none = await tokenRequest(base);
    expect(none.status).toBe(401);
    expect(none.body.error_codes).toEqual([7000218]);
  });

  it('checks certificate assertions for audience and lifetime', async () => {
    const cert = await createRsaCertificatePem('raw-cert');
    const sp = h.identity.registerServicePrincipal({ displayName: 'raw-cert', certificatePem: cert.certificatePem });
    const base = { grant_type: 'client_credentials', client_id: sp.clientId, scope: armScope, client_assertion_type: assertionType };
    const ok = await fetch(`${h.url}/${h.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...base, client_assertion: await certificateAssertion(sp.clientId, cert) }),
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });

    const unknownThumbprint = await tokenRequest({ ...base, client_assertion: await certificateAssertion(sp.clientId, cert, { thumbprint: 'AAAA' }) });
    expect(unknownThumbprint.body.error_codes).toEqual([700027]);
    expect(unknownThumbprint.body.error_description).toContain('certificate with identifier used to sign the client assertion is not registered');

    const wrongAudience = await tokenRequest({ ...base, client_assertion: await certificateAssertion(sp.clientId, cert, { aud: 'https://elsewhere.example/token' }) });
    expect(wrongAudience.body.error_description).toContain("invalid audience 'https://elsewhere.example/token'");

    const expired = await tokenRequest({
      ...base,
      client_assertion: await certificateAssertion(sp.clientId, cert, { exp: Math.floor(Date.now() / 1000) - 3600 }),
    });
    expect(expired.body.error_codes).toEqual([700024]);
  });
});
