import { ImagePublishError } from '../errors.js';
import type { KeyObject } from 'node:crypto';
import { verifyAnyEncoding } from './keys.js';

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
  keyid: string;
  key: KeyObject;
  /** Where the key came from, for messages: a file name or Key Vault key id (never key material). */
  source: string;
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
    throw new ImagePublishError('E_ENVELOPE_INVALID', `The envelope's ${what} is not base64.`);
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
      throw new ImagePublishError('E_ENVELOPE_INVALID', `${source} is not JSON: ${(error as Error).message}.`, { cause: error });
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
    throw new ImagePublishError(
      'E_ENVELOPE_INVALID',
      `${source} is not a DSSE envelope: it needs payloadType, payload and signatures[].sig (strings).`,
    );
  }
  return { payloadType: envelope.payloadType!, payload: envelope.payload!, signatures: envelope.signatures! };
}

export interface VerifiedPayload {
  payloadType: string;
  /** The exact bytes that were verified: the only payload callers may parse (protocol.md). */
  payload: Buffer;
  keyid: string;
  source: string;
}

/**
 * Verifies that at least one signature of the envelope was made by a trusted key over the PAE.
 * keyid only narrows which keys are tried first; it is unauthenticated and never decides trust.
 */
export function verifyEnvelopeSignature(envelope: DsseEnvelope, trusted: readonly TrustedKey[]): VerifiedPayload {
  const payload = decodeBase64(envelope.payload, 'payload');
  const message = pae(envelope.payloadType, payload);
  for (const signature of envelope.signatures) {
    const sig = decodeBase64(signature.sig, 'signature');
    const ordered = [...trusted].sort((a, b) => Number(b.keyid === signature.keyid) - Number(a.keyid === signature.keyid));
    for (const candidate of ordered) {
      if (verifyAnyEncoding(candidate.key, message, sig)) {
        return { payloadType: envelope.payloadType, payload, keyid: candidate.keyid, source: candidate.source };
      }
    }
  }
  const keyids = envelope.signatures.map((s) => s.keyid || '(none)');
  const trustedIds = trusted.map((k) => `${k.keyid.slice(0, 16)}… from ${k.source}`).join(', ') || 'none';
  if (envelope.signatures.some((s) => trusted.some((k) => k.keyid === s.keyid))) {
    // The envelope names a key we trust but its signature does not verify: the content changed after signing.
    throw new ImagePublishError(
      'E_SIGNATURE_INVALID',
      `The envelope's signature by trusted key ${keyids.join(', ')} does not verify: the payload or payloadType was ` +
        'modified after signing. Do not use this image; re-run sign on the original artifact.',
    );
  }
  throw new ImagePublishError(
    'E_KEY_UNTRUSTED',
    `The envelope was not signed by a trusted key (envelope keyids: ${keyids.join(', ')}; trusted: ${trustedIds}). ` +
      "Add the signer's public key to 'trusted-keys' if it is legitimate, or reject the image.",
  );
}
