import { constants, createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { ConfigurationError, ErrorCodes, type ImagePublishError } from '../errors.js';

/** Signature algorithms the signers produce; verify accepts each of them. */
export type SignatureAlgorithm = 'ES256' | 'Ed25519' | 'PS256' | 'RS256';

/**
 * This project's keyid: lower-case hex SHA-256 of the public key's SubjectPublicKeyInfo DER (docs/steps/sign.md#key-ids).
 * A hint for picking the key to try first and for messages; it never decides trust.
 */
export function keyIdOf(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
}

/** PEM (SPKI) of the public half of a key. */
export function publicPemOf(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

/** The algorithm a key signs with: ECDSA P-256 -> ES256, Ed25519, RSA and RSA-PSS -> PS256. */
export function algorithmFor(key: KeyObject, where: string): SignatureAlgorithm {
  const type = key.asymmetricKeyType;
  if (type === 'ec') {
    if (key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
      throw unsupported(where, `EC curve ${String(key.asymmetricKeyDetails?.namedCurve)}`);
    }
    return 'ES256';
  }
  if (type === 'ed25519') return 'Ed25519';
  if (type === 'rsa' || type === 'rsa-pss') {
    if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) throw unsupported(where, 'RSA keys shorter than 2048 bits');
    return 'PS256';
  }
  throw unsupported(where, `key type ${String(type)}`);
}

/**
 * Signs `data` locally. ECDSA signatures are ASN.1 DER, what securesystemslib, in-toto and cosign verify
 * (verify still accepts raw r||s, as in the DSSE spec's vector and Key Vault's answers).
 */
export function signLocally(privateKey: KeyObject, algorithm: SignatureAlgorithm, data: Uint8Array): Buffer {
  switch (algorithm) {
    case 'ES256':
      return sign('sha256', data, { key: privateKey, dsaEncoding: 'der' });
    case 'Ed25519':
      return sign(null, data, privateKey);
    case 'PS256':
      return sign('sha256', data, {
        key: privateKey,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
      });
    case 'RS256':
      return sign('sha256', data, { key: privateKey, padding: constants.RSA_PKCS1_PADDING });
  }
}

/**
 * Checks a signature over `data` with any encoding a legitimate signer may have used: ECDSA as DER or raw
 * r||s, RSA as PSS (any salt length) or PKCS#1 v1.5. Returns false rather than throwing on garbage.
 */
export function verifyAnyEncoding(publicKey: KeyObject, data: Uint8Array, signature: Uint8Array): boolean {
  const type = publicKey.asymmetricKeyType;
  try {
    if (type === 'ec') {
      return (
        (signature.length === 64 && verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature)) ||
        verifyQuietly(() => verify('sha256', data, { key: publicKey, dsaEncoding: 'der' }, signature))
      );
    }
    if (type === 'ed25519') return verify(null, data, publicKey, signature);
    if (type === 'rsa' || type === 'rsa-pss') {
      return (
        verify('sha256', data, { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }, signature) ||
        (type === 'rsa' && verify('sha256', data, { key: publicKey, padding: constants.RSA_PKCS1_PADDING }, signature))
      );
    }
  } catch {
    return false;
  }
  return false;
}

/** Re-encodes a raw r||s ECDSA signature (IEEE P1363, as Key Vault returns it) as ASN.1 DER. */
export function p1363ToDer(signature: Uint8Array): Buffer {
  const half = signature.length / 2;
  const integer = (bytes: Uint8Array) => {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start++;
    const trimmed = Buffer.from(bytes.subarray(start));
    // A set top bit would read as negative: DER prefixes a zero byte.
    const body = trimmed.readUInt8(0) & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed;
    return Buffer.concat([Buffer.from([0x02, body.length]), body]);
  };
  const content = Buffer.concat([integer(signature.subarray(0, half)), integer(signature.subarray(half))]);
  return Buffer.concat([Buffer.from([0x30, content.length]), content]);
}

/** Parses a PEM public key (SPKI, or the public half of a certificate or private key). */
export function parsePublicKeyPem(pem: string, where: string): KeyObject {
  try {
    return createPublicKey(pem);
  } catch (error) {
    throw new ConfigurationError(
      ErrorCodes.keyInvalid,
      `${where} is not a PEM public key (-----BEGIN PUBLIC KEY-----): ${(error as Error).message}.`,
      { cause: error },
    );
  }
}

function verifyQuietly(fn: () => boolean): boolean {
  try {
    return fn();
  } catch {
    return false;
  }
}

function unsupported(where: string, what: string): ImagePublishError {
  return new ConfigurationError(
    ErrorCodes.keyUnsupported,
    `${where}: ${what} is not supported. Use an ECDSA P-256, Ed25519 or RSA (2048+ bits) key.`,
  );
}
