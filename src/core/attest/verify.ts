import { ConfigurationError, ErrorCodes, RejectedError } from '../errors.js';
import type { Bundle } from '@sigstore/bundle';
import { IN_TOTO_PAYLOAD_TYPE, verifyEnvelopeSignature, type DsseEnvelope, type TrustedKey, type VerifiedPayload } from './dsse.js';
import { manifestDigest, type ImageManifest } from './image-manifest.js';
import { verifySigstoreBundle, type SigstoreTrust } from './sigstore-verify.js';
import { manifestFromStatement, parseStatement, type Statement } from './statement.js';

export { githubIdentitiesOf, parseTrustedKeySpecs, resolveTrustedKeys, type TrustedKeySpec } from './trusted-key-specs.js';

export interface VerifyPolicy {
  /** Exact builder.id, or a prefix ending in `*` (e.g. `https://github.com/contoso/images/.github/workflows/bake.yml@*`). */
  builderId?: string;
  /** `owner/repo` the provenance must come from. */
  repository?: string;
}

export interface VerifyEnvelopeOptions {
  envelope: DsseEnvelope;
  trustedKeys: readonly TrustedKey[];
  /** Keyless (GitHub) attestation: the Sigstore bundle the envelope came in, verified against `sigstore`. */
  bundle?: Bundle;
  sigstore?: SigstoreTrust;
  expectedPayloadType?: string;
  policy?: VerifyPolicy;
  /** Recomputes the manifest from live Azure, given the signed one (for its evidence and resource id). */
  liveManifest?: (signed: ImageManifest) => Promise<ImageManifest>;
  /** Verification time: keys whose not-after has passed are retired. Default: the system clock. */
  now?: Date;
}

export interface VerificationResult {
  keyid: string;
  keySource: string;
  /** Subject digest (hex sha256 of the canonical manifest). */
  digest: string;
  statement: Statement;
  manifest: ImageManifest;
  builderId: string;
  /** For keyless attestations: the workflow identity (certificate SAN) that signed. */
  identity?: string;
}

/**
 * Verifies an image attestation: signature by a trusted key, payloadType, statement shape, that the subject
 * digest covers the signed manifest, the policy, and that the live resource still hashes to that digest.
 * Each failure has its own code so a gate can say exactly why an image was refused.
 */
export async function verifyEnvelope(options: VerifyEnvelopeOptions): Promise<VerificationResult> {
  const verified = verifySignature(options);
  const expectedType = options.expectedPayloadType ?? IN_TOTO_PAYLOAD_TYPE;
  if (verified.payloadType !== expectedType) {
    throw new RejectedError(
      ErrorCodes.payloadTypeMismatch,
      `The envelope's payloadType is '${verified.payloadType}', expected '${expectedType}'. It is not an image attestation.`,
    );
  }
  // Parse only the bytes that were verified (DSSE protocol: never re-read the envelope after verification).
  const statement = parseStatement(verified.payload);
  const manifest = manifestFromStatement(statement);
  const digest = manifestDigest(manifest);
  const builderId = statement.predicate.runDetails?.builder?.id ?? '';
  checkPolicy(statement, builderId, options.policy);

  if (options.liveManifest) {
    // The live manifest is described in the signed manifest's format (its _type, checked known when parsed), so an
    // image signed under an older home of the same format still compares field by field.
    const live = { ...(await options.liveManifest(manifest)), _type: manifest._type };
    const liveDigest = manifestDigest(live);
    if (liveDigest !== digest) {
      throw new RejectedError(
        ErrorCodes.resourceChanged,
        `'${live.resourceId}' no longer matches what was signed: live manifest sha256:${liveDigest}, signed sha256:${digest}` +
          ` (differs in: ${changedFields(manifest, live).join(', ') || 'unknown'}). Do not roll it out; rebuild and sign again.`,
      );
    }
  }
  const identity = 'identity' in verified && typeof verified.identity === 'string' ? { identity: verified.identity } : {};
  return { keyid: verified.keyid, keySource: verified.source, digest, statement, manifest, builderId, ...identity };
}

/** Checks the signature only: a bundle against trusted GitHub identities, a bare envelope against trusted keys. */
export function verifySignature(options: Pick<VerifyEnvelopeOptions, 'envelope' | 'trustedKeys' | 'bundle' | 'sigstore' | 'now'>): VerifiedPayload & { identity?: string } {
  const sigstore = options.sigstore;
  const githubTrusted = (sigstore?.identities.length ?? 0) > 0;
  if (options.bundle !== undefined && sigstore !== undefined && githubTrusted) return verifySigstoreBundle(options.bundle, sigstore);
  if (options.trustedKeys.length > 0) return verifyEnvelopeSignature(options.envelope, options.trustedKeys, options.now);
  if (githubTrusted) {
    throw new ConfigurationError(
      ErrorCodes.inputMissing,
      "'trusted-keys' only trusts GitHub identities, which verify a Sigstore bundle, but a bare DSSE envelope was given. " +
        "Set 'envelope' to the sign step's <digest>.sigstore.json bundle (signer github).",
    );
  }
  throw new ConfigurationError(ErrorCodes.inputMissing, "No trusted keys were given; set 'trusted-keys' to the signer's public key or Key Vault key id.");
}

function checkPolicy(statement: Statement, builderId: string, policy: VerifyPolicy | undefined): void {
  if (policy?.builderId !== undefined) {
    const wanted = policy.builderId;
    const ok = wanted.endsWith('*') ? builderId.startsWith(wanted.slice(0, -1)) : builderId === wanted;
    if (!ok) {
      throw new RejectedError(
        ErrorCodes.policyMismatch,
        `The image was built by '${builderId}', but the policy requires builder '${wanted}'. Build it with the approved workflow.`,
      );
    }
  }
  if (policy?.repository !== undefined) {
    const repository = statement.predicate.buildDefinition.internalParameters?.repository;
    if (typeof repository !== 'string' || repository.toLowerCase() !== policy.repository.toLowerCase()) {
      throw new RejectedError(
        ErrorCodes.policyMismatch,
        `The image was built from repository '${String(repository ?? 'unknown')}', but the policy requires '${policy.repository}'.`,
      );
    }
  }
}

function changedFields(signed: ImageManifest, live: ImageManifest): string[] {
  const keys = new Set([...Object.keys(signed), ...Object.keys(live)]);
  return [...keys].filter(
    (key) => JSON.stringify((signed as unknown as Record<string, unknown>)[key]) !== JSON.stringify((live as unknown as Record<string, unknown>)[key]),
  );
}
