import { bundleFromJSON, type Bundle } from '@sigstore/bundle';
import { PolicyError, toSignedEntity, VerificationError, Verifier, type Signer } from '@sigstore/verify';
import { ConfigurationError, ErrorCodes, ImagePublishError, RejectedError } from '../errors.js';
import type { VerifiedPayload } from './dsse.js';
import { certificateIdentityOf, identityMismatch, untrustedIdentity, type CertificateIdentity, type GithubIdentity } from './sigstore-identity.js';
import { trustMaterialOf } from './sigstore-trusted-root.js';

export interface SigstoreTrust {
  identities: readonly GithubIdentity[];
  /** Parsed TrustedRoot documents (every line `gh attestation trusted-root` prints). */
  trustedRoots: readonly unknown[];
  /** Required Rekor entries; at least 1 (default), as `gh attestation verify` requires. */
  tlogThreshold?: number;
}

export interface SigstoreVerified extends VerifiedPayload {
  /** The certificate's SAN: the workflow ref URI that signed. */
  identity: string;
  issuer: string;
  certificate: CertificateIdentity;
}

/** True when `value` looks like a Sigstore bundle rather than a bare DSSE envelope. */
export function isSigstoreBundle(value: unknown): value is { mediaType: string } {
  const mediaType = (value as { mediaType?: unknown } | null)?.mediaType;
  return typeof mediaType === 'string' && mediaType.startsWith('application/vnd.dev.sigstore.bundle');
}

/** Parses bundle JSON (as @actions/attest returns and the github signer stores it) into Sigstore's Bundle. */
export function parseSigstoreBundle(json: unknown, source = 'Sigstore bundle'): Bundle {
  try {
    const bundle = bundleFromJSON(json);
    if (bundle.content.$case !== 'dsseEnvelope') throw new Error('it holds a message signature, not a DSSE envelope');
    return bundle;
  } catch (error) {
    throw new RejectedError(ErrorCodes.envelopeInvalid, `${source} is not a Sigstore bundle with a DSSE envelope: ${(error as Error).message}.`, { cause: error });
  }
}

/**
 * Verifies a keyless bundle with Sigstore's own Verifier: certificate chain to a trusted Fulcio root at the time
 * the transparency log recorded it, the log entry (inclusion and body) and the DSSE signature with the certificate
 * key; then that the certificate satisfies one trusted identity. Returns the verified payload bytes.
 */
export function verifySigstoreBundle(bundle: Bundle, trust: SigstoreTrust): SigstoreVerified {
  if (bundle.content.$case !== 'dsseEnvelope') throw new RejectedError(ErrorCodes.envelopeInvalid, 'The Sigstore bundle holds no DSSE envelope.');
  const tlogThreshold = trust.tlogThreshold ?? 1;
  if (!Number.isInteger(tlogThreshold) || tlogThreshold < 1) {
    throw new ConfigurationError(ErrorCodes.inputInvalid, `tlog-threshold is ${tlogThreshold}; keyless verification needs at least 1 transparency-log entry.`);
  }
  const material = trustMaterialOf(trust.trustedRoots);
  let signer: Signer;
  try {
    // GitHub's own Fulcio issues no SCTs; the log entry and timestamp are what prove when the certificate was used.
    signer = new Verifier(material, { tlogThreshold, timestampThreshold: 1, ctlogThreshold: 0 }).verify(toSignedEntity(bundle));
  } catch (error) {
    throw translate(error);
  }
  const certificate = certificateIdentityOf(signer);
  const reasons = trust.identities.map((identity) => identityMismatch(certificate, identity));
  if (!reasons.some((reason) => reason === undefined)) throw untrustedIdentity(certificate, reasons as string[], trust.identities);
  const dsse = bundle.content.dsseEnvelope;
  return {
    payloadType: dsse.payloadType,
    payload: Buffer.from(dsse.payload),
    keyid: certificate.san,
    source: `Sigstore certificate for ${certificate.san}`,
    identity: certificate.san,
    issuer: certificate.issuer,
    certificate,
  };
}

function translate(error: unknown): ImagePublishError {
  if (error instanceof ImagePublishError) return error;
  const code = (error as { code?: string }).code;
  const detail = (error as Error).message + ((error as { cause?: Error }).cause ? ` (${(error as { cause: Error }).cause.message})` : '');
  if (code === 'SIGNATURE_ERROR') {
    return new RejectedError(
      ErrorCodes.signatureInvalid,
      'The Sigstore bundle\'s DSSE signature does not verify with its certificate: the payload was modified after signing. Do not use this image.',
      { cause: error },
    );
  }
  if (code === 'TLOG_BODY_ERROR') {
    return new RejectedError(
      ErrorCodes.signatureInvalid,
      `The Sigstore bundle does not match its transparency-log entry (${detail}): its signature or payload was changed after it was logged. Do not use this image.`,
      { cause: error },
    );
  }
  if (code === 'TIMESTAMP_ERROR' && /could not be verified/.test(detail)) {
    return new RejectedError(
      ErrorCodes.keyUntrusted,
      `The Sigstore bundle's timestamp is from an authority not in 'trusted-root' (${detail}). A bundle from GitHub's own Sigstore ` +
        "instance (private repositories) needs GitHub's trusted root: save all lines of `gh attestation trusted-root`.",
      { cause: error },
    );
  }
  if (code?.startsWith('TLOG') || code === 'TIMESTAMP_ERROR') {
    return new RejectedError(
      ErrorCodes.tlogInvalid,
      `The Sigstore bundle's transparency log entry or timestamp does not verify: ${detail}. Sign again with signer github, or check 'trusted-root' is current (gh attestation trusted-root).`,
      { cause: error },
    );
  }
  if (error instanceof VerificationError || error instanceof PolicyError) {
    return new RejectedError(
      ErrorCodes.keyUntrusted,
      `The Sigstore signing certificate is not trusted: ${detail}. Its chain must end at a Fulcio root in 'trusted-root' (refresh it with gh attestation trusted-root).`,
      { cause: error },
    );
  }
  return new RejectedError(ErrorCodes.keyUntrusted, `The Sigstore bundle cannot be verified: ${(error as Error).message}.`, { cause: error });
}

/** Decodes a bundle's DSSE envelope into the JSON shape used everywhere else. */
export function envelopeOfBundle(bundle: Bundle): { payloadType: string; payload: string; signatures: { keyid?: string; sig: string }[] } {
  if (bundle.content.$case !== 'dsseEnvelope') throw new RejectedError(ErrorCodes.envelopeInvalid, 'The Sigstore bundle holds no DSSE envelope.');
  const dsse = bundle.content.dsseEnvelope;
  return {
    payloadType: dsse.payloadType,
    payload: Buffer.from(dsse.payload).toString('base64'),
    signatures: dsse.signatures.map((s) => ({ keyid: s.keyid, sig: Buffer.from(s.sig).toString('base64') })),
  };
}
