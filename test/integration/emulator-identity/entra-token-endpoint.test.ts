import { ClientCertificateCredential, ClientSecretCredential } from '@azure/identity';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { armAudience, armScope, createRsaCertificatePem, startIdentityHarness, type IdentityHarness } from './identity-harness.js';

let h: IdentityHarness;
beforeAll(async () => {
  h = await startIdentityHarness();
});
afterAll(async () => {
  await h?.close();
});

const options = () => ({ authorityHost: `${h.url}/`, disableInstanceDiscovery: true });

async function errorOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the token request to fail');
}

describe('Entra-compatible authority with the real @azure/identity', () => {
  it('issues an ARM token for a client secret, reading v2 discovery first and no instance discovery', async () => {
    const sp = h.identity.registerServicePrincipal({ displayName: 'secret-app' });
    expect(sp.clientSecret).toMatch(/^.{3}8Q~.{34}$/);
    h.requests.length = 0;
    const credential = new ClientSecretCredential(h.tenantId, sp.clientId, sp.clientSecret ?? '', options());
    const token = await credential.getToken(armScope);

    const claims = decodeJwt(token.token);
    expect(claims).toMatchObject({ aud: armAudience, tid: h.tenantId, oid: sp.objectId, appid: sp.clientId, azp: sp.clientId });
    expect(claims.iss).toBe(`${h.url}/${h.tenantId}/v2.0`);
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(3600);
    expect(h.requests.map((r) => r.path.split('?')[0])).toEqual([
      `/${h.tenantId}/v2.0/.well-known/openid-configuration`,
      `/${h.tenantId}/oauth2/v2.0/token`,
    ]);
    const auth = await h.identity.authenticate(`Bearer ${token.token}`);
    expect(auth).toEqual({ ok: true, principal: { objectId: sp.objectId, clientId: sp.clientId, tenantId: h.tenantId, displayName: 'secret-app' } });
  });

  it('refuses a wrong secret with AADSTS7000215 and never echoes the secret', async () => {
    const sp = h.identity.registerServicePrincipal({ displayName: 'secret-app-2', clientSecret: 'the-right-secret-value' });
    const message = await errorOf(new ClientSecretCredential(h.tenantId, sp.clientId, 'wrong-secret-value-123', options()).getToken(armScope));
    expect(message).toContain('AADSTS7000215: Invalid client secret provided.');
    expect(message).not.toContain('wrong-secret-value-123');
    expect(message).not.toContain('the-right-secret-value');
  });

  it('refuses an unknown application with AADSTS700016', async () => {
    const message = await errorOf(
      new ClientSecretCredential(h.tenantId, '00000000-0000-0000-0000-000000000001', 'x', options()).getToken(armScope),
    );
    expect(message).toContain("AADSTS700016: Application with identifier '00000000-0000-0000-0000-000000000001' was not found");
  });

  it('refuses another tenant with AADSTS90002', async () => {
    const sp = h.identity.registerServicePrincipal({ displayName: 'tenant-app' });
    const other = '11111111-2222-3333-4444-555555555555';
    // MSAL fails at discovery, as against login.microsoftonline.com; the body carries Entra's code.
    const message = await errorOf(new ClientSecretCredential(other, sp.clientId, sp.clientSecret ?? '', options()).getToken(armScope));
    expect(message).toContain('endpoints_resolution_error');
    const response = await fetch(`${h.url}/${other}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: sp.clientId, scope: armScope }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string; error_description: string; error_codes: number[] };
    expect(body.error).toBe('invalid_tenant');
    expect(body.error_codes).toEqual([90002]);
    expect(body.error_description).toContain(`AADSTS90002: Tenant '${other}' not found`);
  });

  it('refuses a scope without /.default and an unknown resource', async () => {
    const sp = h.identity.registerServicePrincipal({ displayName: 'scope-app' });
    const credential = new ClientSecretCredential(h.tenantId, sp.clientId, sp.clientSecret ?? '', options());
    expect(await errorOf(credential.getToken('https://unknown.example.com/.default'))).toContain('AADSTS500011');
  });

  it('issues a token for a certificate credential (PEM with certificate and key)', async () => {
    const { certificatePem, bundlePem } = await createRsaCertificatePem('cert-app');
    const sp = h.identity.registerServicePrincipal({ displayName: 'cert-app', certificatePem });
    expect(sp.clientSecret).toBeUndefined();
    const credential = new ClientCertificateCredential(h.tenantId, sp.clientId, { certificate: bundlePem }, options());
    const token = await credential.getToken(armScope);
    expect(decodeJwt(token.token)).toMatchObject({ aud: armAudience, oid: sp.objectId, appidacr: '2' });
  });

  it('refuses an assertion signed by a certificate the app does not have (AADSTS700027)', async () => {
    const registered = await createRsaCertificatePem('registered');
    const other = await createRsaCertificatePem('other');
    const sp = h.identity.registerServicePrincipal({ displayName: 'cert-app-2', certificatePem: registered.certificatePem });
    const credential = new ClientCertificateCredential(h.tenantId, sp.clientId, { certificate: other.bundlePem }, options());
    expect(await errorOf(credential.getToken(armScope))).toContain('AADSTS700027');
  });

  it('lists principals without their secrets', () => {
    const sp = h.identity.registerServicePrincipal({ displayName: 'listed', clientSecret: 'listed-secret-value' });
    const listed = h.identity.listServicePrincipals();
    expect(listed).toContainEqual({ displayName: 'listed', clientId: sp.clientId, objectId: sp.objectId });
    expect(JSON.stringify(listed)).not.toContain('listed-secret-value');
  });
});
