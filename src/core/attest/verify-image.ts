import type { ComputeManagementClient } from '@azure/arm-compute';
import type { Bundle } from '@sigstore/bundle';
import type { DsseEnvelope, TrustedKey } from './dsse.js';
import { parseSubjectId, resolveLiveManifest } from './live-manifest.js';
import type { SigstoreTrust } from './sigstore-verify.js';
import { verifyEnvelope, type VerificationResult, type VerifyPolicy } from './verify.js';

/**
 * Verifies that `envelope` attests the image `subjectId` as it is now in Azure. The entry point for the
 * verify step and pin-rollout's `require-signature`: a published version verifies with the envelope of the
 * managed image it was published from. A keyless (GitHub) attestation passes its Sigstore `bundle` and `sigstore` trust.
 */
export async function verifyImageSignature(options: {
  compute: ComputeManagementClient;
  subjectId: string;
  envelope: DsseEnvelope;
  trustedKeys: readonly TrustedKey[];
  bundle?: Bundle;
  sigstore?: SigstoreTrust;
  policy?: VerifyPolicy;
  expectedPayloadType?: string;
  /** Verification time (the step's clock): decides which trusted keys are retired. */
  now?: Date;
}): Promise<VerificationResult> {
  const target = parseSubjectId(options.subjectId);
  return verifyEnvelope({
    envelope: options.envelope,
    trustedKeys: options.trustedKeys,
    bundle: options.bundle,
    sigstore: options.sigstore,
    policy: options.policy,
    expectedPayloadType: options.expectedPayloadType,
    now: options.now,
    liveManifest: (signed) => resolveLiveManifest(options.compute, target, signed),
  });
}
