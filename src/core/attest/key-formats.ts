/**
 * Public keys as other tools publish them, turned into node:crypto keys: PEM (SPKI or certificate), JWK
 * (RFC 7517, as `az keyvault key show` prints under "key"), and securesystemslib/in-toto key JSON
 * ({keytype, scheme, keyval: {public}}), so third-party envelopes can be verified with their signer's own key file.
 */
import { createHash, createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { ConfigurationError, ErrorCodes, type ImagePublishError } from '../errors.js';
import { canonicalJson } from './canonical-json.js';
import { keyIdOf } from './keys.js';

/** A parsed public key and every keyid other tools may have written for it (first: this project's scheme). */
export interface ParsedPublicKey {
  key: KeyObject;
  keyids: string[];
}

/** Parses PEM, JWK or securesystemslib key text; `where` names the input or file in errors. */
export function parsePublicKeyText(text: string, where: string): ParsedPublicKey {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) {
    const key = pemKey(trimmed, where);
    return { key, keyids: [keyIdOf(key)] };
  }
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(trimmed) as Record<string, unknown>;
  } catch (error) {
    throw invalid(where, `it starts with '{' but is not JSON (${(error as Error).message})`, error);
  }
  if (json === null || typeof json !== 'object') throw invalid(where, 'it is not a JSON object');
  // `az keyvault key show` wraps the JWK in {"key": {...}}.
  const jwk = (typeof json.kty === 'string' ? json : typeof (json.key as { kty?: unknown } | undefined)?.kty === 'string' ? json.key : undefined) as Record<string, unknown> | undefined;
  if (jwk !== undefined) return jwkKey(jwk, where);
  if (typeof json.keytype === 'string') return securesystemslibKey(json, where);
  throw invalid(where, 'it is JSON but neither a JWK (kty) nor a securesystemslib/in-toto key (keytype, keyval.public)');
}

function pemKey(pem: string, where: string): KeyObject {
  try {
    return createPublicKey(pem);
  } catch (error) {
    throw invalid(where, `it is not a PEM public key (-----BEGIN PUBLIC KEY-----): ${(error as Error).message}`, error);
  }
}

function jwkKey(jwk: Record<string, unknown>, where: string): ParsedPublicKey {
  const kty = String(jwk.kty).replace(/-HSM$/, '');
  // Only the public members: a JWK that carries `d` would otherwise become a private key.
  const members = kty === 'EC' ? ['crv', 'x', 'y'] : kty === 'RSA' ? ['n', 'e'] : kty === 'OKP' ? ['crv', 'x'] : [];
  if (members.length === 0) throw invalid(where, `JWK kty '${String(jwk.kty)}' is not EC, RSA or OKP`);
  const publicJwk: Record<string, unknown> = { kty };
  for (const member of members) publicJwk[member] = typeof jwk[member] === 'string' ? base64url(jwk[member] as string) : jwk[member];
  let key: KeyObject;
  try {
    key = createPublicKey({ key: publicJwk as JsonWebKey, format: 'jwk' });
  } catch (error) {
    throw invalid(where, `the JWK is not a valid public key: ${(error as Error).message}`, error);
  }
  const keyids = [keyIdOf(key)];
  if (typeof jwk.kid === 'string' && jwk.kid !== '') keyids.push(jwk.kid);
  return { key, keyids };
}

function securesystemslibKey(json: Record<string, unknown>, where: string): ParsedPublicKey {
  const keytype = String(json.keytype);
  const value = (json.keyval as { public?: unknown } | undefined)?.public;
  if (typeof value !== 'string' || value === '') throw invalid(where, 'securesystemslib key has no keyval.public');
  let key: KeyObject;
  if (keytype === 'ed25519') {
    if (!/^[0-9a-f]{64}$/i.test(value)) throw invalid(where, 'ed25519 keyval.public must be 64 hex characters');
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(value, 'hex').toString('base64url') }, format: 'jwk' });
  } else if (keytype === 'rsa' || keytype.startsWith('ecdsa')) {
    key = pemKey(value, where);
  } else {
    throw invalid(where, `securesystemslib keytype '${keytype}' is not rsa, ecdsa or ed25519`);
  }
  const keyids = [keyIdOf(key), securesystemslibKeyId(json)];
  if (typeof json.keyid === 'string' && json.keyid !== '') keyids.push(json.keyid);
  return { key, keyids: [...new Set(keyids)] };
}

/** securesystemslib's keyid: SHA-256 of the canonical JSON of the public key metadata. */
function securesystemslibKeyId(json: Record<string, unknown>): string {
  const metadata: Record<string, unknown> = { keytype: json.keytype, scheme: json.scheme, keyval: { public: (json.keyval as { public: string }).public } };
  if (json.keyid_hash_algorithms !== undefined) metadata.keyid_hash_algorithms = json.keyid_hash_algorithms;
  return createHash('sha256').update(canonicalJson(metadata)).digest('hex');
}

// JWKs from some tools use standard base64 or padding; node wants base64url without padding.
function base64url(value: string): string {
  return value.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function invalid(where: string, why: string, cause?: unknown): ImagePublishError {
  return new ConfigurationError(
    ErrorCodes.keyInvalid,
    `${where} is not a usable public key: ${why}. Give a PEM public key, a JWK, or a securesystemslib/in-toto key JSON.`,
    cause === undefined ? {} : { cause },
  );
}
