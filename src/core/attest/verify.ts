import { readFile } from 'node:fs/promises';
import { ConfigurationError, ImagePublishError } from '../errors.js';
import type { Bundle } from '@sigstore/bundle';
import { IN_TOTO_PAYLOAD_TYPE, verifyEnvelopeSignature, type DsseEnvelope, type TrustedKey, type VerifiedPayload } from './dsse.js';
import { manifestDigest, type ImageManifest } from './image-manifest.js';
import { keyIdOf, parsePublicKeyPem } from './keys.js';
import { trustedKeyFromKeyVault, type KeyVaultOptions } from './keyvault-signer.js';
import { parseGithubIdentity, verifySigstoreBundle, type GithubIdentity, type SigstoreTrust } from './sigstore-verify.js';
import { manifestFromStatement, parseStatement, type Statement } from './statement.js';

/** A key verify may trust: PEM text or file, a Key Vault key id, or a GitHub workflow identity. */
export type TrustedKeySpec =
  | { pem: string; source?: string }
  | { pemFile: string }
  | { keyVaultKeyId: string }
  | { githubIdentity: GithubIdentity };

export interface VerifyPolicy {
  /** Exact builder.id, or a prefix ending in `*` (e.g. `https://github.com/org/repo/.github/workflows/bake.yml@*`). */
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
    throw new ImagePublishError(
      'E_PAYLOAD_TYPE_MISMATCH',
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
    const live = await options.liveManifest(manifest);
    const liveDigest = manifestDigest(live);
    if (liveDigest !== digest) {
      throw new ImagePublishError(
        'E_RESOURCE_CHANGED',
        `'${live.resourceId}' no longer matches what was signed: live manifest sha256:${liveDigest}, signed sha256:${digest}` +
          ` (differs in: ${changedFields(manifest, live).join(', ') || 'unknown'}). Do not roll it out; rebuild and sign again.`,
      );
    }
  }
  const identity = 'identity' in verified && typeof verified.identity === 'string' ? { identity: verified.identity } : {};
  return { keyid: verified.keyid, keySource: verified.source, digest, statement, manifest, builderId, ...identity };
}

// A bundle verifies against trusted GitHub identities; a bare envelope against trusted keys.
function verifySignature(options: VerifyEnvelopeOptions): VerifiedPayload & { identity?: string } {
  const githubTrusted = (options.sigstore?.identities.length ?? 0) > 0;
  if (options.bundle !== undefined && githubTrusted) return verifySigstoreBundle(options.bundle, options.sigstore!);
  if (options.trustedKeys.length > 0) return verifyEnvelopeSignature(options.envelope, options.trustedKeys);
  if (githubTrusted) {
    throw new ConfigurationError(
      'E_INPUT_MISSING',
      "'trusted-keys' only trusts GitHub identities, which verify a Sigstore bundle, but a bare DSSE envelope was given. " +
        "Set 'envelope' to the sign step's <digest>.sigstore.json bundle (signer github).",
    );
  }
  throw new ConfigurationError('E_INPUT_MISSING', "No trusted keys were given; set 'trusted-keys' to the signer's public key or Key Vault key id.");
}

/** The GitHub identities among the trusted key specs (verified through Sigstore, not as keys). */
export function githubIdentitiesOf(specs: readonly TrustedKeySpec[]): GithubIdentity[] {
  return specs.flatMap((spec) => ('githubIdentity' in spec ? [spec.githubIdentity] : []));
}

/**
 * Loads trusted keys; Key Vault keys are fetched (public part only) with the step's credential. GitHub identities
 * are not keys: callers that verify Sigstore bundles pass `githubIdentities: 'skip'` and use githubIdentitiesOf.
 */
export async function resolveTrustedKeys(
  specs: readonly TrustedKeySpec[],
  keyVault: KeyVaultOptions,
  options: { githubIdentities?: 'skip' | 'reject' } = {},
): Promise<TrustedKey[]> {
  const keys: TrustedKey[] = [];
  for (const spec of specs) {
    if ('pem' in spec) {
      const key = parsePublicKeyPem(spec.pem, spec.source ?? 'Trusted key');
      keys.push({ key, keyid: keyIdOf(key), source: spec.source ?? 'inline PEM' });
    } else if ('pemFile' in spec) {
      const pem = await readFile(spec.pemFile, 'utf8').catch((error: unknown) => {
        throw new ConfigurationError('E_INPUT_INVALID', `Trusted key file '${spec.pemFile}' cannot be read. Check the path.`, { cause: error });
      });
      const key = parsePublicKeyPem(pem, `Trusted key file '${spec.pemFile}'`);
      keys.push({ key, keyid: keyIdOf(key), source: spec.pemFile });
    } else if ('keyVaultKeyId' in spec) {
      keys.push(await trustedKeyFromKeyVault(spec.keyVaultKeyId, keyVault));
    } else if (options.githubIdentities !== 'skip') {
      throw new ConfigurationError(
        'E_INPUT_INVALID',
        `Trusting GitHub identity '${spec.githubIdentity.repository}' needs a Sigstore bundle and a trusted root, which this step ` +
          "does not take: verify the image with the verify step ('trusted-root' input) first, or trust a PEM or Key Vault key here.",
      );
    }
  }
  return keys;
}

/** Parses the `trusted-keys` input: one entry per line, a Key Vault key URL, `github:owner/repo`, or a PEM file path. */
export function parseTrustedKeySpecs(lines: readonly string[]): TrustedKeySpec[] {
  const specs: TrustedKeySpec[] = [];
  const text = lines.join('\n');
  // Inline PEM blocks span lines; take them out first.
  for (const block of text.match(/-----BEGIN [A-Z ]+-----[\s\S]+?-----END [A-Z ]+-----/g) ?? []) specs.push({ pem: block });
  for (const raw of text.replace(/-----BEGIN [A-Z ]+-----[\s\S]+?-----END [A-Z ]+-----/g, '').split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    if (/^https:\/\/.+\/keys\/[^/]+/.test(line)) specs.push({ keyVaultKeyId: line });
    else if (line.startsWith('github:')) specs.push({ githubIdentity: parseGithubIdentity(line.slice('github:'.length)) });
    else specs.push({ pemFile: line });
  }
  return specs;
}

function checkPolicy(statement: Statement, builderId: string, policy: VerifyPolicy | undefined): void {
  if (policy?.builderId !== undefined) {
    const wanted = policy.builderId;
    const ok = wanted.endsWith('*') ? builderId.startsWith(wanted.slice(0, -1)) : builderId === wanted;
    if (!ok) {
      throw new ImagePublishError(
        'E_POLICY_MISMATCH',
        `The image was built by '${builderId}', but the policy requires builder '${wanted}'. Build it with the approved workflow.`,
      );
    }
  }
  if (policy?.repository !== undefined) {
    const repository = statement.predicate.buildDefinition.internalParameters?.repository;
    if (typeof repository !== 'string' || repository.toLowerCase() !== policy.repository.toLowerCase()) {
      throw new ImagePublishError(
        'E_POLICY_MISMATCH',
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
