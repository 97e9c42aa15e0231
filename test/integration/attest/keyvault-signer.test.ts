import { createHash, createPublicKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CryptographyClient, KeyClient } from '@azure/keyvault-keys';
import { IN_TOTO_PAYLOAD_TYPE, signEnvelope, verifyEnvelopeSignature } from '../../../src/core/attest/dsse.js';
import { createKeyVaultSigner, trustedKeyFromKeyVault } from '../../../src/core/attest/keyvault-signer.js';
import { keyIdOf } from '../../../src/core/attest/keys.js';
import { startKeyVaultHarness, VAULT_DNS_SUFFIX, type KeyVaultHarness } from './keyvault-harness.js';

let vault: KeyVaultHarness;
beforeAll(async () => {
  vault = await startKeyVaultHarness();
});
afterAll(async () => {
  await vault.close();
});

// The SDK's defaults: its challenge-resource verification stays on, as in production.
const clientOptions = {};
const vaultOptions = (credential: KeyVaultHarness['credential'] | KeyVaultHarness['armCredential']) => ({ credential, vaultDnsSuffix: VAULT_DNS_SUFFIX });
const payload = Buffer.from('{"_type":"https://in-toto.io/Statement/v1"}');

describe('Key Vault signer through the emulated keys endpoint and the real @azure/keyvault-keys client', () => {
  it('answers the first unauthenticated request with the Key Vault challenge naming its own resource, then serves the token for it', async () => {
    const keys = new KeyClient(vault.vaultUrl, vault.credential, clientOptions);
    const key = await keys.createEcKey('challenge-key', { curve: 'P-256' });
    expect(key.id).toMatch(new RegExp(`^${vault.vaultUrl}/keys/challenge-key/[0-9a-f]{32}$`));
    expect(vault.credential.issued).toContain(`https://${VAULT_DNS_SUFFIX}/.default`);
    const first = vault.requests.find((r) => r.path === '/keys/challenge-key/create');
    expect(first).toMatchObject({ status: 401, authorized: false });
  });

  it.each([
    ['EC P-256', 'ec-signing', (c: KeyClient, n: string) => c.createEcKey(n, { curve: 'P-256' }), 'ES256'],
    ['RSA 2048', 'rsa-2048-signing', (c: KeyClient, n: string) => c.createRsaKey(n, { keySize: 2048 }), 'PS256'],
    ['RSA 3072', 'rsa-3072-signing', (c: KeyClient, n: string) => c.createRsaKey(n, { keySize: 3072 }), 'PS256'],
  ] as const)('round-trips a DSSE envelope signed by a %s vault key', async (_label, name, create, algorithm) => {
    const keys = new KeyClient(vault.vaultUrl, vault.credential, clientOptions);
    const created = await create(keys, name);
    // A versionless id resolves to the current version, which the signer then pins.
    const signer = await createKeyVaultSigner(`${vault.vaultUrl}/keys/${name}`, vaultOptions(vault.credential));
    expect(signer.algorithm).toBe(algorithm);
    expect(signer.keyVersionId).toBe(created.id);
    const envelope = await signEnvelope(IN_TOTO_PAYLOAD_TYPE, payload, signer);
    expect(envelope.signatures[0]!.keyid).toBe(signer.keyid);

    const trusted = await trustedKeyFromKeyVault(created.id!, vaultOptions(vault.credential));
    expect(trusted.keyid).toBe(signer.keyid);
    expect(verifyEnvelopeSignature(envelope, [trusted]).payload.equals(payload)).toBe(true);
    // The same envelope verifies with the exported PEM, as an air-gapped verifier would use it.
    const pemKey = createPublicKey(signer.publicKeyPem);
    expect(verifyEnvelopeSignature(envelope, [{ key: pemKey, keyid: keyIdOf(pemKey), source: 'pem' }]).keyid).toBe(signer.keyid);
  });

  it("answers the vault's verify operation for its own signatures", async () => {
    const keys = new KeyClient(vault.vaultUrl, vault.credential, clientOptions);
    const key = await keys.createRsaKey('verify-op', { keySize: 2048 });
    const crypto = new CryptographyClient(key.id!, vault.credential, clientOptions);
    const digest = createHash('sha256').update('hello').digest();
    const signed = await crypto.sign('RS256', digest);
    expect((await crypto.verify('RS256', digest, signed.result)).result).toBe(true);
    expect((await crypto.verify('RS256', createHash('sha256').update('other').digest(), signed.result)).result).toBe(false);
  });

  it('refuses a token issued for ARM with a clear authorization error', async () => {
    const keys = new KeyClient(vault.vaultUrl, vault.credential, clientOptions);
    const key = await keys.createEcKey('wrong-audience', { curve: 'P-256' });
    await expect(createKeyVaultSigner(key.id!, vaultOptions(vault.armCredential))).rejects.toMatchObject({
      code: 'E_AUTHORIZATION_FAILED',
      message: expect.stringContaining('Key Vault Crypto User'),
    });
  });

  it('names a missing key and an invalid key id', async () => {
    await expect(
      createKeyVaultSigner(`${vault.vaultUrl}/keys/does-not-exist`, vaultOptions(vault.credential)),
    ).rejects.toMatchObject({ code: 'E_NOT_FOUND', message: expect.stringContaining('does-not-exist') });
    await expect(createKeyVaultSigner('not-a-url', vaultOptions(vault.credential))).rejects.toMatchObject({
      code: 'E_INPUT_INVALID',
      message: expect.stringContaining(`https://<vault>.${VAULT_DNS_SUFFIX}/keys/<name>`),
    });
  });

  it('sends no token to a host outside the resource its challenge names, and says where vaults of the cloud live', async () => {
    const keys = new KeyClient(vault.vaultUrl, vault.credential, clientOptions);
    const created = await keys.createEcKey('strict-domain', { curve: 'P-256' });
    // The same server reached as localhost: its challenge names https://vault.localhost, which localhost is not under.
    const outside = created.id!.replace(new URL(vault.vaultUrl).hostname, 'localhost');
    const issuedBefore = vault.credential.issued.length;
    await expect(createKeyVaultSigner(outside, vaultOptions(vault.credential))).rejects.toMatchObject({
      code: 'E_INPUT_INVALID',
      message: expect.stringMatching(/asked for a token for 'vault\.localhost', which its host localhost is not under.*https:\/\/<vault>\.vault\.localhost/),
    });
    expect(vault.credential.issued.length).toBe(issuedBefore);
    expect(vault.requests.filter((r) => r.path === new URL(outside).pathname && r.authorized)).toEqual([]);
  });

  it('rejects an unknown api-version as Key Vault does', async () => {
    const keys = new KeyClient(vault.vaultUrl, vault.credential, { ...clientOptions, serviceVersion: '1999-01-01' as '7.6' });
    await expect(keys.createEcKey('old-api', { curve: 'P-256' })).rejects.toThrow(/not recognized/);
  });

  it('answers protocol errors as Key Vault does: wrong algorithm for the key, bad digest length, unknown key', async () => {
    const keys = new KeyClient(vault.vaultUrl, vault.credential, clientOptions);
    const key = await keys.createEcKey('errors', { curve: 'P-256' });
    const crypto = new CryptographyClient(key.id!, vault.credential, clientOptions);
    await expect(crypto.sign('PS256', Buffer.alloc(32))).rejects.toMatchObject({ statusCode: 400, message: expect.stringContaining("'PS256' is not valid for a EC key") });
    await expect(crypto.sign('ES256', Buffer.alloc(20))).rejects.toMatchObject({ statusCode: 400, message: expect.stringContaining('must be 32 bytes') });
    await expect(keys.getKey('errors', { version: '0'.repeat(32) })).rejects.toMatchObject({ statusCode: 404, code: 'KeyNotFound' });
    await expect(keys.createKey('p384', 'EC', { curve: 'P-384' })).rejects.toMatchObject({ statusCode: 400 });
  });
});
