import { createPublicKey } from 'node:crypto';
import type { AttestOptions, Attestation } from '@actions/attest';
import { ConfigurationError, ErrorCodes } from '../errors.js';
import { parseEnvelope, type DsseEnvelope } from './dsse.js';
import { keyIdOf } from './keys.js';
import type { Statement } from './statement.js';

export type AttestFunction = (options: AttestOptions) => Promise<Attestation>;

export interface GithubSigningOptions {
  /** GITHUB_TOKEN with `attestations: write`, used to store the attestation on the repository. */
  token: string;
  /** `github` for private repositories (GitHub's Sigstore instance), `public-good` for public ones. */
  sigstore?: 'public-good' | 'github';
  /** Seam for tests; the real @actions/attest otherwise. */
  attestFn?: AttestFunction;
}

export interface GithubSigningResult {
  envelope: DsseEnvelope;
  /** Sigstore bundle (certificate, transparency log entry, envelope): store it, verify needs it. */
  bundle: unknown;
  keyid: string;
  certificatePem: string;
  attestationId?: string;
}

/**
 * Keyless signing through GitHub: @actions/attest gets an OIDC token (needs `id-token: write`), a Fulcio
 * certificate for the workflow identity, signs the statement as DSSE, logs it in Rekor and stores the
 * attestation (needs `attestations: write`). Only runs on GitHub-hosted or -connected runners.
 */
export async function signWithGithub(statement: Statement, options: GithubSigningOptions): Promise<GithubSigningResult> {
  if (options.token === '') {
    throw new ConfigurationError(
      ErrorCodes.inputMissing,
      "signer 'github' needs input 'github-token' (default ${{ github.token }}) and the job permissions " +
        "'id-token: write' and 'attestations: write'.",
    );
  }
  const attestation = await (options.attestFn ?? (await import('@actions/attest')).attest)(githubAttestOptions(statement, options));
  const bundle = attestation.bundle as { dsseEnvelope?: unknown };
  const envelope = parseEnvelope(bundle.dsseEnvelope, 'The Sigstore bundle from GitHub');
  const keyid = keyIdOf(createPublicKey(attestation.certificate));
  return {
    envelope: { ...envelope, signatures: envelope.signatures.map((signature) => ({ ...signature, keyid })) },
    bundle: attestation.bundle,
    keyid,
    certificatePem: attestation.certificate,
    attestationId: attestation.attestationID,
  };
}

/** The exact arguments given to @actions/attest: the same subjects and predicate sign builds for every signer. */
export function githubAttestOptions(statement: Statement, options: GithubSigningOptions): AttestOptions {
  return {
    subjects: statement.subject.map((subject) => ({ name: subject.name, digest: { sha256: subject.digest.sha256 } })),
    predicateType: statement.predicateType,
    predicate: statement.predicate,
    token: options.token,
    sigstore: options.sigstore ?? 'public-good',
  };
}
