import { createPublicKey, verify } from 'node:crypto';
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
    const signer = await createKeyVaultSigner(keyId, { credential: emulatorCredential(e), allowCustomVaultDomain: true });
    const pae = Buffer.from('DSSEv1 4 test 5 hello');
    const signature = await signer.sign(pae);
    const ok = verify('sha256', pae, { key: createPublicKey(signer.publicKeyPem), dsaEncoding: 'der' }, signature);
    expect(ok).toBe(true);
    const vaultRequests = e.requestLog.entries().filter((r) => r.route === 'keyvault');
    // The client's first request is unauthenticated (challenge), then it retries with a vault token.
    expect(vaultRequests.map((r) => r.status)).toContain(401);
    expect(vaultRequests.at(-1)?.status).toBe(200);
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
