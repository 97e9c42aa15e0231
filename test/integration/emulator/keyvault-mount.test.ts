import { createPublicKey, verify } from 'node:crypto';
import { ClientSecretCredential } from '@azure/identity';
import { describe, expect, it } from 'vitest';
import { createKeyVaultSigner } from '../../../src/core/attest/keyvault-signer.js';
import { emulatorCredential, useEmulator } from '../../helpers/emulator.js';

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

  // docs/emulator-deviations.md: the vault has no ARM resource to scope Key Vault data actions to, so it does not
  // check them; Azure would answer 403 here until Key Vault Crypto User is assigned on the vault or key.
  it('lets any principal of the tenant use a key, without a Key Vault data-plane role', async () => {
    const e = emulator.current;
    const sp = e.identity.registerServicePrincipal({ displayName: 'no roles at all' });
    expect(e.authz.list(sp.objectId)).toEqual([]);
    const keyId = e.keyVault.createKey(e.keyVaultUrl, 'unguarded', { kty: 'EC' });
    const credential = new ClientSecretCredential(e.tenantId, sp.clientId, sp.clientSecret ?? '', { authorityHost: e.authorityHost, disableInstanceDiscovery: true });
    const signer = await createKeyVaultSigner(keyId, { credential, vaultDnsSuffix: 'vault.localhost' });
    // The vault signed: the signer hands back DER (what DSSE verifiers expect), a SEQUENCE over the whole signature.
    const signature = await signer.sign(Buffer.from('x'));
    expect([signature[0], signature[1]]).toEqual([0x30, signature.length - 2]);
  });

  it('keeps each vault host its own vault: a key of one is not found in another', async () => {
    const e = emulator.current;
    const keyId = e.keyVault.createKey(e.keyVaultUrl, 'only-here', { kty: 'EC' });
    const other = keyId.replace('//emulator.vault.localhost', '//other.vault.localhost');
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
