import { createPublicKey, verify } from 'node:crypto';
import { ClientSecretCredential } from '@azure/identity';
import { KeyClient } from '@azure/keyvault-keys';
import { describe, expect, it } from 'vitest';
import { createKeyVaultSigner } from '../../../src/core/attest/keyvault-signer.js';
import type { EmulatorHandle } from '../../../src/emulator/index.js';
import { emulatorCredential, grantKeyCreate, useEmulator } from '../../helpers/emulator.js';

// The Key Vault data plane is mounted on the embedded emulator, so `signer: keyvault` works against the
// same local Azure the demo and the e2e tests use, with tokens from the emulator's own token endpoint.
describe('Key Vault keys on the embedded emulator', () => {
  const emulator = useEmulator();

  it('signs through the real @azure/keyvault-keys client with a vault-audience token', async () => {
    const e = emulator.current;
    const keyId = e.keyVault.createKey(e.keyVaultUrl, 'image-signing', { kty: 'EC' });
    // The SDK's default challenge-resource check: the vault host ends with the resource the challenge names.
    expect(new URL(e.keyVaultUrl).hostname).toBe('emulator.vault.localhost');
    const signer = await createKeyVaultSigner(keyId, { credential: emulatorCredential(e), vaultDnsSuffix: 'vault.localhost' });
    const pae = Buffer.from('DSSEv1 4 test 5 hello');
    const signature = await signer.sign(pae);
    const ok = verify('sha256', pae, { key: createPublicKey(signer.publicKeyPem), dsaEncoding: 'der' }, signature);
    expect(ok).toBe(true);
    const vaultRequests = e.requestLog.entries().filter((r) => r.route === 'keyvault');
    // The client's first request is unauthenticated (challenge), then it retries with a vault token.
    expect(vaultRequests.map((r) => r.status)).toContain(401);
    expect(vaultRequests.at(-1)?.status).toBe(200);
  });

  // Key Vault's RBAC permission model, with Azure's own role definitions (../shared/azure-roles): data actions are
  // checked at the vault's resource id (docs/emulator-deviations.md, "Key Vault data-plane RBAC").
  describe('data-plane RBAC', () => {
    function signerFor(e: EmulatorHandle, sp: { clientId: string; clientSecret?: string }, keyId: string) {
      const credential = new ClientSecretCredential(e.tenantId, sp.clientId, sp.clientSecret ?? '', { authorityHost: e.authorityHost, disableInstanceDiscovery: true });
      return createKeyVaultSigner(keyId, { credential, vaultDnsSuffix: 'vault.localhost' });
    }

    it('refuses a principal without a data role with 403 Forbidden / ForbiddenByRbac naming the action and vault', async () => {
      const e = emulator.current;
      const sp = e.identity.registerServicePrincipal({ displayName: 'no roles at all' });
      e.keyVault.createKey(e.keyVaultUrl, 'guarded', { kty: 'EC' });
      const token = await new ClientSecretCredential(e.tenantId, sp.clientId, sp.clientSecret ?? '', { authorityHost: e.authorityHost, disableInstanceDiscovery: true }).getToken('https://vault.localhost/.default');
      const res = await fetch(`${e.keyVaultUrl}keys/guarded/?api-version=7.6`, { headers: { authorization: `Bearer ${token?.token ?? ''}` } });
      expect(res.status).toBe(403);
      const body = (await res.json()) as { error: { code: string; message: string; innererror: { code: string } } };
      expect(body.error.code).toBe('Forbidden');
      expect(body.error.innererror.code).toBe('ForbiddenByRbac');
      expect(body.error.message).toContain("Action: 'Microsoft.KeyVault/vaults/keys/read'");
      expect(body.error.message).toContain(`Resource: '${e.keyVaultResourceId('emulator').toLowerCase()}'`);
      expect(body.error.message).toContain(`oid=${sp.objectId}`);
    });

    it('least privilege: Key Vault Crypto User at the vault scope signs; Reader (even on the subscription) does not', async () => {
      const e = emulator.current;
      const keyId = e.keyVault.createKey(e.keyVaultUrl, 'least-privilege', { kty: 'EC' });
      const reader = e.identity.registerServicePrincipal({ displayName: 'reader' });
      e.authz.assign(reader.objectId, 'Reader', `/subscriptions/${e.subscriptionId}`);
      e.authz.assign(reader.objectId, 'Key Vault Reader', e.keyVaultResourceId('emulator'));
      // Key Vault Reader's dataActions (vaults/*/read) read the key, but neither it nor Reader grants sign.
      const readerSigner = await signerFor(e, reader, keyId);
      await expect(readerSigner.sign(Buffer.from('x'))).rejects.toMatchObject({ code: 'E_AUTHORIZATION_FAILED' });
      await expect(signerFor(e, e.identity.registerServicePrincipal({ displayName: 'plain reader' }), keyId)).rejects.toMatchObject({ code: 'E_AUTHORIZATION_FAILED' });

      const user = e.identity.registerServicePrincipal({ displayName: 'crypto user' });
      e.authz.assign(user.objectId, 'Key Vault Crypto User', e.keyVaultResourceId('emulator'));
      const signature = await (await signerFor(e, user, keyId)).sign(Buffer.from('x'));
      // The vault signed: DER (what DSSE verifiers expect), a SEQUENCE over the whole signature.
      expect([signature[0], signature[1]]).toEqual([0x30, signature.length - 2]);
      // The assignment is the vault's: another vault's key is refused.
      const otherKey = e.keyVault.createKey(e.keyVaultUrl.replace('//emulator.', '//other.'), 'least-privilege', { kty: 'EC' });
      await expect(signerFor(e, user, otherKey)).rejects.toMatchObject({ code: 'E_AUTHORIZATION_FAILED' });
    });

    it('needs keys/create/action to create a key, which Key Vault Crypto User lacks', async () => {
      const e = emulator.current;
      const client = new KeyClient(e.keyVaultUrl, emulatorCredential(e));
      await expect(client.createEcKey('made-by-user', { curve: 'P-256' })).rejects.toMatchObject({ statusCode: 403, code: 'Forbidden' });
      grantKeyCreate(e, e.defaultPrincipal.objectId);
      expect((await client.createEcKey('made-by-user', { curve: 'P-256' })).name).toBe('made-by-user');
    });
  });

  it('keeps each vault host its own vault: a key of one is not found in another', async () => {
    const e = emulator.current;
    const keyId = e.keyVault.createKey(e.keyVaultUrl, 'only-here', { kty: 'EC' });
    const other = keyId.replace('//emulator.vault.localhost', '//other.vault.localhost');
    // RBAC is checked before the key is looked up, so the caller needs a role on the other vault to see the 404.
    e.authz.assign(e.defaultPrincipal.objectId, 'Key Vault Crypto User', e.keyVaultResourceId('other'));
    await expect(createKeyVaultSigner(other, { credential: emulatorCredential(e), vaultDnsSuffix: 'vault.localhost' })).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
    expect((await createKeyVaultSigner(keyId, { credential: emulatorCredential(e), vaultDnsSuffix: 'vault.localhost' })).keyVersionId).toBe(keyId);
  });

  it('refuses an ARM token at the vault with the AKV10032 invalid-token error', async () => {
    const e = emulator.current;
    e.keyVault.createKey(e.keyVaultUrl, 'arm-token-probe', { kty: 'EC' });
    const armToken = await emulatorCredential(e).getToken(`${e.armAudience}.default`);
    const res = await fetch(`${e.keyVaultUrl}keys/arm-token-probe/?api-version=7.6`, {
      headers: { authorization: `Bearer ${armToken!.token}` },
    });
    expect(res.status).toBe(401);
    expect(await res.text()).toMatch(/AKV10032: Invalid token/);
  });
});
