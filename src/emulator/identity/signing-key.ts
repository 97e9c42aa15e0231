/** RSA signing keys for the emulated tenant and the emulated GitHub issuer, published as JWKS like Entra's and GitHub's. */
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

export interface SigningKey {
  kid: string;
  publicKey: CryptoKey;
  /** `{ keys: [...] }` as served at jwks_uri. */
  jwks: { keys: JWK[] };
  /** Signs `payload` as an RS256 JWT with this key's kid (and x5t, as Entra puts both). */
  sign(payload: JWTPayload): Promise<string>;
}

/** Generates a fresh RS256 key; the emulator makes new keys at each start, as nothing outlives a run. */
export async function createSigningKey(): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const jwk: JWK = { ...publicJwk, kid, kty: 'RSA', use: 'sig', alg: 'RS256' };
  return {
    kid,
    publicKey,
    jwks: { keys: [jwk] },
    sign: (payload) => new SignJWT(payload).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid, x5t: kid }).sign(privateKey),
  };
}
