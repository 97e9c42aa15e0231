import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { AzureError, ErrorCodes } from '../errors.js';

/**
 * RFC 8785 (JCS) serialisation: keys sorted by UTF-16 code units, ECMAScript number formatting, no
 * whitespace. Signatures and digests are computed over these exact bytes, so two machines that build the
 * same manifest always agree on its digest.
 */
export function canonicalJson(value: unknown): string {
  let text: string | undefined;
  try {
    text = canonicalize(value);
  } catch (error) {
    // NaN, Infinity, lone surrogates and cycles have no JCS form; a manifest that holds one is a bug.
    throw new AzureError(
      ErrorCodes.manifestInvalid,
      `Cannot serialise value as RFC 8785 canonical JSON: ${(error as Error).message}.`,
      { cause: error },
    );
  }
  if (text === undefined) {
    throw new AzureError(ErrorCodes.manifestInvalid, 'Cannot serialise undefined as RFC 8785 canonical JSON.');
  }
  return text;
}

/** Lower-case hex SHA-256 of bytes or of a string's UTF-8 encoding. */
export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** SHA-256 of the canonical JSON of `value`. */
export function canonicalDigest(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
