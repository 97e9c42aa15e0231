import { constants, createHash, generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signDigest, verifyDigest } from '../../../src/emulator/keyvault/prehashed-signing.js';

const message = Buffer.from('DSSEv1 4 text 5 hello');
const digest = createHash('sha256').update(message).digest();

describe('emulator Key Vault digest signing interoperates with node:crypto', () => {
  it('ES256: raw r||s over the digest verifies as ECDSA over the message', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const signature = signDigest(privateKey, 'ES256', digest);
    expect(signature).toHaveLength(64);
    expect(verify('sha256', message, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature)).toBe(true);
    expect(verifyDigest(publicKey, 'ES256', digest, signature)).toBe(true);
    expect(verifyDigest(publicKey, 'ES256', createHash('sha256').update('other').digest(), signature)).toBe(false);
  });

  it.each([2048, 3072])('PS256 and RS256 with RSA %i', (modulusLength) => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength });
    const pss = signDigest(privateKey, 'PS256', digest);
    expect(
      verify('sha256', message, { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, pss),
    ).toBe(true);
    expect(verifyDigest(publicKey, 'PS256', digest, pss)).toBe(true);
    const pkcs1 = signDigest(privateKey, 'RS256', digest);
    expect(verify('sha256', message, publicKey, pkcs1)).toBe(true);
    expect(verifyDigest(publicKey, 'RS256', digest, pkcs1)).toBe(true);
    expect(verifyDigest(publicKey, 'RS256', digest, pss)).toBe(false);
  });
});
