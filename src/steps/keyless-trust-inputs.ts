import type { InputSpec } from './step-spec.js';

/** Inputs that configure keyless (GitHub/Sigstore) trust; the verify and pin-rollout steps both declare them. */
export const keylessTrustInputSpecs: Readonly<Record<'trusted-root' | 'tlog-threshold', InputSpec>> = {
  'trusted-root': {
    type: 'path',
    description: 'Sigstore TrustedRoot for github: identities: save the output of `gh attestation trusted-root` (JSON lines; every root is used; no network access at verify time).',
  },
  'tlog-threshold': {
    type: 'integer',
    default: '1',
    description: 'Transparency log (Rekor) entries a keyless bundle must carry: 1 (default, as gh attestation verify requires) or more; 0 is refused.',
  },
};
