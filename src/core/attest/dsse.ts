import { ErrorCodes, RejectedError } from '../errors.js';
import type { KeyObject } from 'node:crypto';
import { verifyAnyEncoding } from './keys.js';
import { defined } from '../defined.js';

export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

/** The DSSE JSON envelope (envelope.md): payload and sig are base64. */
export interface DsseEnvelope {
  payloadType: string;
  payload: string;
  signatures: DsseSignature[];
}

export interface DsseSignature {
  keyid?: string;
  sig: string;
}

/** Signs DSSE pre-authentication encodings with one key; the file and Key Vault signers implement it. */
export interface PaeSigner {
  readonly keyid: string;
  readonly algorithm: string;
  sign(pae: Buffer): Promise<Buffer>;
}

/** A key verify trusts, identified by the same keyid the signers put in envelopes. */
export interface TrustedKey {
  /** This project's keyid (hex SHA-256 of the SPKI DER). */
  keyid: string;
  /** Keyids other tools write for the same key (securesystemslib, JWK kid, Key Vault key id): hints only. */
  aliases?: readonly string[];
  key: KeyObject;
  /** Where the key came from, for messages: a file name or Key Vault key id (never key material). */
  source: string;
  /** The key is retired from this instant on (trusted-keys `not-after`, or Key Vault expiry). */
  notAfter?: Date;
}

/** PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, lengths in bytes as ASCII decimal. */
export function pae(payloadType: string, body: Uint8Array): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${type.length} `, 'ascii'),
    type,
    Buffer.from(` ${body.length} `, 'ascii'),
    body,
  ]);
}

/** Signs `payload` and returns the envelope with standard base64 and the signer's keyid. */
export async function signEnvelope(payloadType: string, payload: Uint8Array, signer: PaeSigner): Promise<DsseEnvelope> {
  const signature = await signer.sign(pae(payloadType, payload));
  return {
    payloadType,
    payload: Buffer.from(payload).toString('base64'),
    signatures: [{ keyid: signer.keyid, sig: signature.toString('base64') }],
  };
}

/** Decodes standard or URL-safe base64 (DSSE verifiers must accept both); rejects anything else. */
export function decodeBase64(text: string, what: string): Buffer {
  const normalised = text.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]*$/.test(normalised) || normalised.length % 4 === 1) {
    throw new RejectedError(ErrorCodes.envelopeInvalid, `The envelope's ${what} is not base64.`);
  }
  return Buffer.from(normalised, 'base64');
}

/** Parses a DSSE JSON envelope, enforcing the required fields of envelope.md. */
export function parseEnvelope(json: string | unknown, source = 'envelope'): DsseEnvelope {
  let value: unknown = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (error) {
      throw new RejectedError(ErrorCodes.envelopeInvalid, `${source} is not JSON: ${(error as Error).message}.`, { cause: error });
    }
  }
  const envelope = value as Partial<DsseEnvelope> | null;
  const valid =
    envelope !== null &&
    typeof envelope === 'object' &&
    typeof envelope.payloadType === 'string' &&
    typeof envelope.payload === 'string' &&
    Array.isArray(envelope.signatures) &&
    envelope.signatures.every(
      (s) => s !== null && typeof s === 'object' && typeof s.sig === 'string' && (s.keyid === undefined || typeof s.keyid === 'string'),
    );
  if (!valid) {
    throw new RejectedError(
      ErrorCodes.envelopeInvalid,
      `${source} is not a DSSE envelope: it needs payloadType, payload and signatures[].sig (strings).`,
    );
  }
  return { payloadType: defined(envelope.payloadType, 'payloadType'), payload: defined(envelope.payload, 'payload'), signatures: defined(envelope.signatures, 'signatures') };
}

export interface VerifiedPayload {
  payloadType: string;
  /** The exact bytes that were verified: the only payload callers may parse (protocol.md). */
  payload: Buffer;
  keyid: string;
  source: string;
}

/**
 * Verifies that at least one signature of the envelope was made by a trusted, unretired key over the PAE.
 * Every key is tried for every signature: keyids are unauthenticated, so they only order the attempts and,
 * when one names a trusted key, make the error more precise. `now` decides which keys are retired.
 */
export function verifyEnvelopeSignature(envelope: DsseEnvelope, trusted: readonly TrustedKey[], now: Date = new Date()): VerifiedPayload {
  const payload = decodeBase64(envelope.payload, 'payload');
  const message = pae(envelope.payloadType, payload);
  const active = trusted.filter((k) => k.notAfter === undefined || now.getTime() < k.notAfter.getTime());
  const retired = trusted.filter((k) => !active.includes(k));
  const names = (k: TrustedKey, keyid: string | undefined) => keyid !== undefined && keyid !== '' && (k.keyid === keyid || (k.aliases ?? []).includes(keyid));
  const signatures = envelope.signatures.map((s) => ({ keyid: s.keyid, sig: decodeBase64(s.sig, 'signature') }));
  for (const signature of signatures) {
    const ordered = [...active].sort((a, b) => Number(names(b, signature.keyid)) - Number(names(a, signature.keyid)));
    for (const candidate of ordered) {
      if (verifyAnyEncoding(candidate.key, message, signature.sig)) {
        return { payloadType: envelope.payloadType, payload, keyid: candidate.keyid, source: candidate.source };
      }
    }
  }
  for (const signature of signatures) {
    const old = retired.find((k) => verifyAnyEncoding(k.key, message, signature.sig));
    if (old !== undefined) {
      throw new RejectedError(
        ErrorCodes.keyUntrusted,
        `The envelope was signed by ${old.source} (keyid ${old.keyid}), which was retired on ${old.notAfter?.toISOString() ?? 'an earlier date'} ` +
          "(not-after in 'trusted-keys', or the Key Vault key version expired or was disabled). Sign the image again with the current key.",
      );
    }
  }
  const named = active.find((k) => signatures.some((s) => names(k, s.keyid)));
  if (named !== undefined) {
    // The envelope names a key we trust, and that key does not verify it: the content changed after signing.
    throw new RejectedError(
      ErrorCodes.signatureInvalid,
      `The envelope's signature by trusted key ${named.source} (keyid ${named.keyid}) does not verify: the payload or payloadType was ` +
        'modified after signing. Do not use this image; re-run sign on the original artifact.',
    );
  }
  const keyids = envelope.signatures.map((s) => s.keyid || '(none)');
  const trustedIds = active.map((k) => `${k.source} (keyid ${k.keyid.slice(0, 16)}…)`).join(', ') || 'none';
  throw new RejectedError(
    ErrorCodes.signatureInvalid,
    `No trusted key verifies this envelope (modified after signing, or signed by a key not in trusted-keys). ` +
      `Envelope keyids: ${keyids.join(', ')}; trusted keys: ${trustedIds}. Do not use this image unless you can add its signer's ` +
      "public key to 'trusted-keys' (PEM, JWK or securesystemslib key JSON).",
  );
}
