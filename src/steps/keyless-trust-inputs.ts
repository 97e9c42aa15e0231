import type { InputSpec } from './step-spec.js';

/** Inputs that configure keyless (GitHub/Sigstore) trust; the verify and pin-rollout steps both declare them. */
export const keylessTrustInputSpecs: Readonly<Record<'trusted-root' | 'tlog-threshold', InputSpec>> = {
  'trusted-root': {
    type: 'path',
    description: 'Sigstore TrustedRoot JSON for github: identities: save the output of `gh attestation trusted-root` (no network access at verify time).',
  },
  'tlog-threshold': {
    type: 'integer',
    default: '1',
    description: 'Transparency log (Rekor) entries a keyless bundle must carry, as gh attestation verify requires. 0 only for private test roots.',
  },
};
