/** Trust inputs shared by the verify step and pin-rollout's require-signature: keys, identities, trusted root. */
import type { ImageConfig } from '../config/image-config.js';
import { ConfigurationError, ErrorCodes } from '../errors.js';
import type { SigstoreTrust } from './sigstore-verify.js';
import { githubIdentitiesOf, parseTrustedKeySpecs, type TrustedKeySpec } from './trusted-key-specs.js';
import { inputError } from '../input-error.js';

/** Trusted keys from the parsed `trusted-keys` input (a list), else from image.yaml's signing.trustedKeys. */
export function trustedKeySpecsOf(trustedKeysInput: unknown, config: ImageConfig | undefined): TrustedKeySpec[] {
  const lines = Array.isArray(trustedKeysInput) ? trustedKeysInput.filter((l): l is string => typeof l === 'string') : [];
  if (lines.length > 0) return parseTrustedKeySpecs(lines);
  return (config?.signing?.trustedKeys ?? []).map((k): TrustedKeySpec => {
    // The schema checked YYYY-MM-DD; the entry is retired from UTC midnight of that day, as not-after= is.
    const retired = k.notAfter === undefined ? {} : { notAfter: new Date(`${k.notAfter}T00:00:00Z`) };
    if ('publicKeyFile' in k) return { pemFile: k.publicKeyFile, ...retired };
    if ('keyVaultKeyId' in k) return { keyVaultKeyId: k.keyVaultKeyId, ...retired };
    return { githubIdentity: k.github, ...retired };
  });
}

/** The inputs that configure keyless (Sigstore) trust, as the verify and pin-rollout steps take them. */
export interface KeylessTrustInputs {
  /** Path of the TrustedRoot JSON (`gh attestation trusted-root`); required when any `github:` identity is trusted. */
  trustedRoot?: string;
  /** Rekor entries a keyless bundle must carry: 1 or more. */
  tlogThreshold: number;
}

/** Checks the parsed `trusted-root` and `tlog-threshold` inputs before any Azure call. */
export function resolveKeylessTrustInputs(specs: readonly TrustedKeySpec[], trustedRootInput: unknown, tlogRaw: unknown): KeylessTrustInputs {
  const trustedRoot = typeof trustedRootInput === 'string' && trustedRootInput.trim() !== '' ? trustedRootInput.trim() : undefined;
  if (githubIdentitiesOf(specs).length > 0 && trustedRoot === undefined) {
    throw inputError(ErrorCodes.inputMissing, 'trusted-root',
      "is required to trust github: identities: run `gh attestation trusted-root > trusted-root.jsonl` and pass that file.",
    );
  }
  const tlogThreshold = Number(tlogRaw ?? 1);
  // A keyless signature without a log entry has no trustworthy signing time: 0 is never allowed.
  if (!Number.isInteger(tlogThreshold) || tlogThreshold < 1) {
    throw inputError(ErrorCodes.inputInvalid, 'tlog-threshold', `is '${String(tlogRaw)}'; give a whole number, 1 or more (default 1).`);
  }
  return { ...(trustedRoot === undefined ? {} : { trustedRoot }), tlogThreshold };
}

/** The Sigstore trust for the `github:` entries among `specs`, or undefined when none is trusted. */
export async function keylessTrust(specs: readonly TrustedKeySpec[], inputs: KeylessTrustInputs, now: Date = new Date()): Promise<SigstoreTrust | undefined> {
  const identities = githubIdentitiesOf(specs, now);
  if (identities.length === 0 || inputs.trustedRoot === undefined) return undefined;
  // Imported here: the steps parse their trust inputs through this module, which must not load Sigstore's libraries.
  const { loadTrustedRoot } = await import('./sigstore-trusted-root.js');
  return { identities, trustedRoots: await loadTrustedRoot(inputs.trustedRoot), tlogThreshold: inputs.tlogThreshold };
}
