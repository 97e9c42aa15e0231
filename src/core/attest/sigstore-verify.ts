import { readFile } from 'node:fs/promises';
import { bundleFromJSON, type Bundle } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { PolicyError, toSignedEntity, toTrustMaterial, VerificationError, Verifier, type Signer, type TrustMaterial } from '@sigstore/verify';
// Not re-exported by the package index: used only when a bundle carries no timestamp (tlog threshold 0).
import { verifyCertificate } from '@sigstore/verify/dist/key/index.js';
import { ConfigurationError, ImagePublishError } from '../errors.js';
import type { VerifiedPayload } from './dsse.js';

/** The OIDC issuer Fulcio writes into certificates issued to GitHub Actions workflows. */
export const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com';

/** A GitHub workflow identity verify trusts: `owner/repo`, optionally one workflow file. */
export interface GithubIdentity {
  repository: string;
  /** Workflow file path, e.g. `.github/workflows/image.yml`; any workflow of the repository when absent. */
  workflow?: string;
}

export interface SigstoreTrust {
  identities: readonly GithubIdentity[];
  /** Parsed TrustedRoot JSON (`gh attestation trusted-root` prints it). */
  trustedRoot: unknown;
  /** Required Rekor entries; default 1 like `gh attestation verify`. 0 only for offline/test roots. */
  tlogThreshold?: number;
  /** Required verified timestamps (Rekor integrated time or RFC 3161); default 1. */
  timestampThreshold?: number;
  /** Required certificate-transparency SCTs; default 0 (GitHub's private Fulcio issues none). */
  ctlogThreshold?: number;
  /** Verification time when the bundle carries no timestamp (the certificate must be valid then). */
  now?: () => Date;
}

export interface SigstoreVerified extends VerifiedPayload {
  /** The certificate's SAN: the workflow ref URI that signed. */
  identity: string;
  issuer: string;
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
    throw new ImagePublishError('E_ENVELOPE_INVALID', `${source} is not a Sigstore bundle with a DSSE envelope: ${(error as Error).message}.`, { cause: error });
  }
}

/** Reads the TrustedRoot JSON file given in input `trusted-root`. */
export async function loadTrustedRoot(path: string): Promise<unknown> {
  const text = await readFile(path, 'utf8').catch((error: unknown) => {
    throw new ConfigurationError('E_INPUT_INVALID', `Input 'trusted-root': cannot read '${path}'. Save the output of \`gh attestation trusted-root\` there.`, { cause: error });
  });
  try {
    return JSON.parse(text.split(/\r?\n/).find((line) => line.trim() !== '') ?? '');
  } catch (error) {
    throw new ConfigurationError('E_INPUT_INVALID', `Input 'trusted-root': '${path}' is not TrustedRoot JSON.`, { cause: error });
  }
}

/**
 * Verifies a keyless bundle with Sigstore's own verifier: certificate chain to a trusted Fulcio root, transparency
 * log and timestamps per the thresholds, DSSE signature with the certificate key; then that the certificate was
 * issued to a GitHub Actions workflow of a trusted repository. Returns the verified payload bytes.
 */
export function verifySigstoreBundle(bundle: Bundle, trust: SigstoreTrust): SigstoreVerified {
  if (bundle.content.$case !== 'dsseEnvelope') throw new ImagePublishError('E_ENVELOPE_INVALID', 'The Sigstore bundle holds no DSSE envelope.');
  const material = trustMaterial(trust.trustedRoot);
  const options = { tlogThreshold: trust.tlogThreshold ?? 1, timestampThreshold: trust.timestampThreshold ?? 1, ctlogThreshold: trust.ctlogThreshold ?? 0 };
  const entity = toSignedEntity(bundle);
  let signer: Signer;
  try {
    if (entity.timestamps.length === 0 && options.timestampThreshold === 0 && options.tlogThreshold === 0) {
      signer = verifyAt(entity, material, (trust.now ?? (() => new Date()))(), options.ctlogThreshold);
    } else {
      signer = new Verifier(material, options).verify(entity);
    }
  } catch (error) {
    throw translate(error);
  }
  const issuer = signer.identity?.extensions?.issuer ?? '';
  const san = signer.identity?.subjectAlternativeName ?? '';
  if (issuer !== GITHUB_ACTIONS_ISSUER) {
    throw new ImagePublishError(
      'E_KEY_UNTRUSTED',
      `The signing certificate was issued for OIDC issuer '${issuer || 'none'}', not GitHub Actions (${GITHUB_ACTIONS_ISSUER}). Reject the image.`,
    );
  }
  if (!trust.identities.some((identity) => matchesIdentity(san, identity))) {
    const wanted = trust.identities.map((i) => `github:${i.repository}${i.workflow ? `/${i.workflow}` : ''}`).join(', ');
    throw new ImagePublishError(
      'E_KEY_UNTRUSTED',
      `The attestation was signed by workflow '${san || 'unknown'}', which is not a trusted identity (${wanted}). ` +
        "Add its repository to 'trusted-keys' as github:owner/repo if it is legitimate, or reject the image.",
    );
  }
  const dsse = bundle.content.dsseEnvelope;
  return {
    payloadType: dsse.payloadType,
    payload: Buffer.from(dsse.payload),
    keyid: san,
    source: `Sigstore certificate for ${san}`,
    identity: san,
    issuer,
  };
}

/** SAN of a GitHub workflow certificate: https://github.com/owner/repo/.github/workflows/file.yml@refs/... */
export function matchesIdentity(san: string, identity: GithubIdentity): boolean {
  const prefix = `https://github.com/${identity.repository.toLowerCase()}/`;
  if (!san.toLowerCase().startsWith(prefix) || !san.includes('@refs/')) return false;
  const workflow = san.slice(prefix.length).split('@')[0]!;
  if (!workflow.startsWith('.github/workflows/')) return false;
  return identity.workflow === undefined || workflow === identity.workflow;
}

/** Parses `owner/repo[/workflow-path]` (the text after `github:`); a bare file name means .github/workflows/<name>. */
export function parseGithubIdentity(text: string): GithubIdentity {
  const match = /^([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+)(?:\/(.+))?$/.exec(text.trim());
  if (!match) {
    throw new ConfigurationError('E_INPUT_INVALID', `Trusted key 'github:${text}' is not github:owner/repo or github:owner/repo/.github/workflows/file.yml.`);
  }
  const workflow = match[2];
  if (workflow === undefined) return { repository: match[1]! };
  return { repository: match[1]!, workflow: workflow.startsWith('.github/workflows/') ? workflow : `.github/workflows/${workflow}` };
}

function trustMaterial(root: unknown): TrustMaterial {
  try {
    return toTrustMaterial(TrustedRoot.fromJSON(root));
  } catch (error) {
    throw new ConfigurationError('E_INPUT_INVALID', `Input 'trusted-root' is not a valid Sigstore TrustedRoot: ${(error as Error).message}.`, { cause: error });
  }
}

// Same checks as Verifier.verify minus timestamps: the certificate must chain and be valid at `at`.
function verifyAt(entity: ReturnType<typeof toSignedEntity>, material: TrustMaterial, at: Date, ctlogThreshold: number): Signer {
  if (entity.key.$case !== 'certificate') {
    throw new ImagePublishError('E_KEY_UNTRUSTED', 'The Sigstore bundle is signed with a public key, not a Fulcio certificate; trust that key as a PEM instead.');
  }
  const { signer, scts } = verifyCertificate(entity.key.certificate, [at], material);
  if (scts.length < ctlogThreshold) {
    throw new VerificationError({ code: 'CERTIFICATE_ERROR', message: `expected ${ctlogThreshold} SCTs, got ${scts.length}` });
  }
  if (!entity.signature.verifySignature(signer.key)) {
    throw new VerificationError({ code: 'SIGNATURE_ERROR', message: 'signature verification failed' });
  }
  return signer;
}

function translate(error: unknown): ImagePublishError {
  if (error instanceof ImagePublishError) return error;
  const code = (error as { code?: string }).code;
  const detail = (error as Error).message + ((error as { cause?: Error }).cause ? ` (${(error as { cause: Error }).cause.message})` : '');
  if (code === 'SIGNATURE_ERROR') {
    return new ImagePublishError(
      'E_SIGNATURE_INVALID',
      'The Sigstore bundle\'s DSSE signature does not verify with its certificate: the payload was modified after signing. Do not use this image.',
      { cause: error },
    );
  }
  if (code === 'TLOG_ERROR' || code === 'TLOG_INCLUSION_PROOF_ERROR' || code === 'TLOG_INCLUSION_PROMISE_ERROR' || code === 'TLOG_BODY_ERROR' || code === 'TIMESTAMP_ERROR') {
    return new ImagePublishError(
      'E_TLOG_INVALID',
      `The Sigstore bundle's transparency log entry or timestamp does not verify: ${detail}. Sign again with signer github, or check 'trusted-root' is current (gh attestation trusted-root).`,
      { cause: error },
    );
  }
  if (error instanceof VerificationError || error instanceof PolicyError) {
    return new ImagePublishError(
      'E_KEY_UNTRUSTED',
      `The Sigstore signing certificate is not trusted: ${detail}. Its chain must end at a Fulcio root in 'trusted-root' (refresh it with gh attestation trusted-root).`,
      { cause: error },
    );
  }
  return new ImagePublishError('E_KEY_UNTRUSTED', `The Sigstore bundle cannot be verified: ${(error as Error).message}.`, { cause: error });
}

/** Decodes a bundle's DSSE envelope into the JSON shape used everywhere else. */
export function envelopeOfBundle(bundle: Bundle): { payloadType: string; payload: string; signatures: { keyid?: string; sig: string }[] } {
  if (bundle.content.$case !== 'dsseEnvelope') throw new ImagePublishError('E_ENVELOPE_INVALID', 'The Sigstore bundle holds no DSSE envelope.');
  const dsse = bundle.content.dsseEnvelope;
  return {
    payloadType: dsse.payloadType,
    payload: Buffer.from(dsse.payload).toString('base64'),
    signatures: dsse.signatures.map((s) => ({ keyid: s.keyid, sig: Buffer.from(s.sig).toString('base64') })),
  };
}
