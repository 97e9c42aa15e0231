import { constants, createHash, privateDecrypt, publicEncrypt, randomBytes, type KeyObject } from 'node:crypto';
import { defined } from '../defined.js';

/**
 * Key Vault signs a digest the client computed, but node:crypto only signs messages (it always hashes).
 * So the emulator implements the digest-level primitives itself: ECDSA P-256 in BigInt arithmetic and the
 * RSA encodings (EMSA-PSS, EMSA-PKCS1-v1_5) over raw RSA. Outputs are standard: any verifier accepts them.
 */
export type VaultSignatureAlgorithm = 'ES256' | 'PS256' | 'RS256';

const P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
const A = P - 3n;
const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const G: Point = {
  x: 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
  y: 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
};

interface Point {
  x: bigint;
  y: bigint;
}

/** Signs a 32-byte digest; ECDSA output is raw r||s as Key Vault returns it. */
export function signDigest(privateKey: KeyObject, alg: VaultSignatureAlgorithm, digest: Buffer): Buffer {
  if (alg === 'ES256') {
    const d = toBigInt(Buffer.from(defined(privateKey.export({ format: 'jwk' }).d, 'EC private scalar'), 'base64url'));
    return ecdsaSign(d, toBigInt(digest));
  }
  const em = alg === 'PS256' ? pssEncode(digest, modulusBits(privateKey)) : pkcs1Encode(digest, modulusBytes(privateKey));
  // Raw RSA private operation on the encoded message; privateDecrypt with no padding is exactly m^d mod n.
  return privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, leftPad(em, modulusBytes(privateKey)));
}

/** Verifies a signature over a 32-byte digest. */
export function verifyDigest(publicKey: KeyObject, alg: VaultSignatureAlgorithm, digest: Buffer, signature: Buffer): boolean {
  try {
    if (alg === 'ES256') {
      const jwk = publicKey.export({ format: 'jwk' });
      const q = { x: toBigInt(Buffer.from(defined(jwk.x, 'EC x'), 'base64url')), y: toBigInt(Buffer.from(defined(jwk.y, 'EC y'), 'base64url')) };
      return signature.length === 64 && ecdsaVerify(q, toBigInt(digest), toBigInt(signature.subarray(0, 32)), toBigInt(signature.subarray(32)));
    }
    const k = modulusBytes(publicKey);
    if (signature.length !== k) return false;
    const em = publicEncrypt({ key: publicKey, padding: constants.RSA_NO_PADDING }, signature);
    if (alg === 'RS256') return em.equals(pkcs1Encode(digest, k));
    return pssVerify(digest, em, modulusBits(publicKey));
  } catch {
    return false;
  }
}

function ecdsaSign(d: bigint, z: bigint): Buffer {
  for (;;) {
    const k = (toBigInt(randomBytes(40)) % (N - 1n)) + 1n;
    const r = defined(multiply(G, k), 'k·G').x % N;
    if (r === 0n) continue;
    const s = (inverse(k, N) * (z + r * d)) % N;
    if (s === 0n) continue;
    return Buffer.concat([toBytes(r, 32), toBytes(s, 32)]);
  }
}

function ecdsaVerify(q: Point, z: bigint, r: bigint, s: bigint): boolean {
  if (r <= 0n || r >= N || s <= 0n || s >= N) return false;
  const w = inverse(s, N);
  const point = add(multiply(G, (z * w) % N), multiply(q, (r * w) % N));
  return point !== null && point.x % N === r;
}

function add(p: Point | null, q: Point | null): Point | null {
  if (p === null) return q;
  if (q === null) return p;
  let lambda: bigint;
  if (p.x === q.x) {
    if ((p.y + q.y) % P === 0n) return null;
    lambda = ((3n * p.x * p.x + A) * inverse(2n * p.y, P)) % P;
  } else {
    lambda = (((q.y - p.y) % P + P) * inverse(((q.x - p.x) % P + P) % P, P)) % P;
  }
  const x = ((lambda * lambda - p.x - q.x) % P + 2n * P) % P;
  const y = ((lambda * (p.x - x) - p.y) % P + 2n * P) % P;
  return { x, y };
}

function multiply(point: Point, scalar: bigint): Point | null {
  let result: Point | null = null;
  let addend: Point | null = point;
  for (let k = scalar; k > 0n; k >>= 1n) {
    if (k & 1n) result = add(result, addend);
    addend = add(addend, addend);
  }
  return result;
}

function inverse(value: bigint, modulus: bigint): bigint {
  let [a, b, x0, x1] = [((value % modulus) + modulus) % modulus, modulus, 0n, 1n];
  while (a > 1n) {
    const q = a / b;
    [a, b] = [b, a % b];
    [x0, x1] = [x1 - q * x0, x0];
  }
  return (x1 + modulus) % modulus;
}

const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

function pkcs1Encode(digest: Buffer, k: number): Buffer {
  const t = Buffer.concat([SHA256_DIGEST_INFO, digest]);
  return Buffer.concat([Buffer.from([0, 1]), Buffer.alloc(k - t.length - 3, 0xff), Buffer.from([0]), t]);
}

function pssEncode(mHash: Buffer, modBits: number): Buffer {
  const emBits = modBits - 1;
  const emLen = Math.ceil(emBits / 8);
  const salt = randomBytes(32);
  const h = sha256(Buffer.concat([Buffer.alloc(8), mHash, salt]));
  const db = Buffer.concat([Buffer.alloc(emLen - 32 - 32 - 2), Buffer.from([1]), salt]);
  const masked = xor(db, mgf1(h, emLen - 33));
  masked.writeUInt8(masked.readUInt8(0) & (0xff >> (8 * emLen - emBits)), 0);
  return Buffer.concat([masked, h, Buffer.from([0xbc])]);
}

function pssVerify(mHash: Buffer, signatureEm: Buffer, modBits: number): boolean {
  const emBits = modBits - 1;
  const emLen = Math.ceil(emBits / 8);
  const em = signatureEm.subarray(signatureEm.length - emLen);
  if (em[emLen - 1] !== 0xbc) return false;
  const masked = em.subarray(0, emLen - 33);
  const h = em.subarray(emLen - 33, emLen - 1);
  const db = xor(masked, mgf1(h, emLen - 33));
  db.writeUInt8(db.readUInt8(0) & (0xff >> (8 * emLen - emBits)), 0);
  const one = db.indexOf(1);
  if (one === -1 || db.subarray(0, one).some((byte) => byte !== 0)) return false;
  const salt = db.subarray(one + 1);
  return sha256(Buffer.concat([Buffer.alloc(8), mHash, salt])).equals(h);
}

function mgf1(seed: Buffer, length: number): Buffer {
  const blocks: Buffer[] = [];
  for (let counter = 0; blocks.length * 32 < length; counter++) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    blocks.push(sha256(Buffer.concat([seed, c])));
  }
  return Buffer.concat(blocks).subarray(0, length);
}

function xor(a: Buffer, b: Buffer): Buffer {
  return Buffer.from(a.map((byte, i) => byte ^ b.readUInt8(i)));
}

function sha256(data: Buffer): Buffer {
  return createHash('sha256').update(data).digest();
}

function modulusBits(key: KeyObject): number {
  return defined(key.asymmetricKeyDetails?.modulusLength, 'RSA modulus length');
}

function modulusBytes(key: KeyObject): number {
  return Math.ceil(modulusBits(key) / 8);
}

function leftPad(bytes: Buffer, length: number): Buffer {
  return bytes.length >= length ? bytes : Buffer.concat([Buffer.alloc(length - bytes.length), bytes]);
}

function toBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
}

function toBytes(value: bigint, length: number): Buffer {
  return Buffer.from(value.toString(16).padStart(length * 2, '0'), 'hex');
}
