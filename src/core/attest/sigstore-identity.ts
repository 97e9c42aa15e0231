/**
 * Who may have signed a keyless (Sigstore) attestation, checked the way `gh attestation verify` checks it
 * (cli/cli pkg/cmd/attestation/verify/policy.go and verification/extensions.go): the certificate's SAN against
 * the signer workflow, and Fulcio's source-repository extensions against the repository the build ran in.
 */
import type { Signer } from '@sigstore/verify';
import { ConfigurationError, ErrorCodes, type ImagePublishError, RejectedError } from '../errors.js';
import { defined } from '../defined.js';

/** The OIDC issuer Fulcio writes into certificates issued to GitHub Actions workflows. */
export const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com';

/** A `github:` entry of `trusted-keys`: the repository a build ran in, and optionally who signed and from which ref. */
export interface GithubIdentity {
  /** `owner/repo` the workflow ran in (Fulcio's SourceRepositoryURI), like `gh attestation verify --repo`. */
  repository: string;
  /** Workflow file of `repository` that signed, e.g. `.github/workflows/image.yml`. */
  workflow?: string;
  /** `owner/repo/path/to/workflow.yml` of a reusable signing workflow, like `--signer-workflow`. */
  signerWorkflow?: string;
  /** `owner/repo` whose workflows may sign, like `--signer-repo`. */
  signerRepo?: string;
  /** Exact certificate SAN, like `--cert-identity`. */
  san?: string;
  /** Regular expression the SAN must match, like `--cert-identity-regex`. */
  sanRegex?: string;
  /** OIDC issuer; default GitHub Actions, like `--cert-oidc-issuer`. */
  issuer?: string;
  /** Git ref the workflow ran on (Fulcio's SourceRepositoryRef), like `--source-ref`, e.g. `refs/heads/main`. */
  ref?: string;
}

/** What the certificate says about the workflow that signed. */
export interface CertificateIdentity {
  san: string;
  issuer: string;
  sourceRepositoryUri?: string;
  sourceRepositoryOwnerUri?: string;
  sourceRepositoryRef?: string;
}

// Fulcio's certificate extension OIDs (docs/oid-info.md in sigstore/fulcio).
const OID_SOURCE_REPOSITORY_URI = '1.3.6.1.4.1.57264.1.12';
const OID_SOURCE_REPOSITORY_REF = '1.3.6.1.4.1.57264.1.14';
const OID_SOURCE_REPOSITORY_OWNER_URI = '1.3.6.1.4.1.57264.1.16';

/** Reads the identity fields of a verified Sigstore signer. */
export function certificateIdentityOf(signer: Signer): CertificateIdentity {
  const oids = signer.identity?.oids ?? [];
  const extension = (oid: string) => {
    const found = oids.find((entry) => entry.oid?.id.join('.') === oid);
    return found === undefined ? undefined : derUtf8String(Buffer.from(found.value));
  };
  return {
    san: signer.identity?.subjectAlternativeName ?? '',
    issuer: signer.identity?.extensions?.issuer ?? '',
    sourceRepositoryUri: extension(OID_SOURCE_REPOSITORY_URI),
    sourceRepositoryOwnerUri: extension(OID_SOURCE_REPOSITORY_OWNER_URI),
    sourceRepositoryRef: extension(OID_SOURCE_REPOSITORY_REF),
  };
}

/** Why `cert` does not satisfy `identity`, or undefined when it does. */
export function identityMismatch(cert: CertificateIdentity, identity: GithubIdentity): string | undefined {
  const issuer = identity.issuer ?? GITHUB_ACTIONS_ISSUER;
  if (cert.issuer.toLowerCase() !== issuer.toLowerCase()) return `OIDC issuer is '${cert.issuer || 'none'}', expected '${issuer}'`;
  const owner = identity.repository.split('/')[0] ?? identity.repository;
  if ((cert.sourceRepositoryOwnerUri ?? '').toLowerCase() !== `https://github.com/${owner}`.toLowerCase()) {
    return `source repository owner is '${cert.sourceRepositoryOwnerUri ?? 'none'}', expected 'https://github.com/${owner}'`;
  }
  if ((cert.sourceRepositoryUri ?? '').toLowerCase() !== `https://github.com/${identity.repository}`.toLowerCase()) {
    return `source repository is '${cert.sourceRepositoryUri ?? 'none'}', expected 'https://github.com/${identity.repository}'`;
  }
  const san = sanMatcher(identity);
  if (!san.test(cert.san)) return `signing workflow (SAN) '${cert.san || 'none'}' does not match ${san.describe}`;
  if (identity.ref !== undefined && cert.sourceRepositoryRef !== identity.ref) {
    return `source ref is '${cert.sourceRepositoryRef ?? 'none'}', expected '${identity.ref}'`;
  }
  return undefined;
}

/** The SAN rule, chosen in gh's order: signer repo, signer workflow, explicit SAN/regex, else the repository itself. */
function sanMatcher(identity: GithubIdentity): { test: (san: string) => boolean; describe: string } {
  const prefix = (text: string, caseless: boolean) => ({
    test: (san: string) => (caseless ? san.toLowerCase().startsWith(text.toLowerCase()) : san.startsWith(text)),
    describe: `'${text}…'`,
  });
  if (identity.signerRepo !== undefined) return prefix(`https://github.com/${identity.signerRepo}/`, true);
  if (identity.signerWorkflow !== undefined) return prefix(`https://github.com/${identity.signerWorkflow}@`, false);
  if (identity.san !== undefined || identity.sanRegex !== undefined) {
    const regex = identity.sanRegex === undefined ? undefined : new RegExp(identity.sanRegex);
    return {
      test: (san) => (identity.san === undefined || san === identity.san) && (regex === undefined || regex.test(san)),
      describe: [identity.san && `'${identity.san}'`, identity.sanRegex && `/${identity.sanRegex}/`].filter(Boolean).join(' and '),
    };
  }
  if (identity.workflow !== undefined) return prefix(`https://github.com/${identity.repository}/${identity.workflow}@`, false);
  return prefix(`https://github.com/${identity.repository}/`, true);
}

/** Human form of an identity for messages: the `github:` entry as the user wrote it. */
export function describeIdentity(identity: GithubIdentity): string {
  const options = (['signerWorkflow', 'signerRepo', 'san', 'sanRegex', 'issuer', 'ref'] as const)
    .filter((key) => identity[key] !== undefined)
    .map((key) => ` ${OPTION_NAMES[key]}=${identity[key]}`);
  return `github:${identity.repository}${identity.workflow ? `/${identity.workflow}` : ''}${options.join('')}`;
}

const OPTION_NAMES = {
  signerWorkflow: 'signer-workflow',
  signerRepo: 'signer-repo',
  san: 'san',
  sanRegex: 'san-regex',
  issuer: 'issuer',
  ref: 'ref',
} as const;

/** Options a `github:` entry may carry after it, `name=value`, separated by spaces. */
export const GITHUB_IDENTITY_OPTIONS: readonly string[] = Object.values(OPTION_NAMES);

/**
 * Parses `owner/repo[/workflow-path]` (the text after `github:`) and its options; a bare workflow file name means
 * `.github/workflows/<name>`.
 */
export function parseGithubIdentity(text: string, options: Readonly<Record<string, string>> = {}): GithubIdentity {
  const match = /^([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+)(?:\/(.+))?$/.exec(text.trim());
  if (!match) {
    throw new ConfigurationError(ErrorCodes.inputInvalid, `Trusted key 'github:${text}' is not github:owner/repo or github:owner/repo/.github/workflows/file.yml.`);
  }
  const identity: GithubIdentity = { repository: defined(match[1], 'repository') };
  const workflow = match[2];
  if (workflow !== undefined) identity.workflow = workflow.startsWith('.github/workflows/') ? workflow : `.github/workflows/${workflow}`;
  for (const [name, value] of Object.entries(options)) {
    const key = (Object.keys(OPTION_NAMES) as (keyof typeof OPTION_NAMES)[]).find((k) => OPTION_NAMES[k] === name);
    if (key === undefined) {
      throw new ConfigurationError(ErrorCodes.inputInvalid, `Trusted key 'github:${text}': unknown option '${name}'. Use ${GITHUB_IDENTITY_OPTIONS.join(', ')} or not-after.`);
    }
    if (key === 'sanRegex') checkRegex(text, value);
    identity[key] = value;
  }
  return identity;
}

function checkRegex(text: string, value: string): void {
  try {
    new RegExp(value);
  } catch (error) {
    throw new ConfigurationError(ErrorCodes.inputInvalid, `Trusted key 'github:${text}': san-regex '${value}' is not a valid regular expression.`, { cause: error });
  }
}

/** Decodes a DER UTF8String (Fulcio's v2 extensions); undefined when the value is not one. */
function derUtf8String(der: Buffer): string | undefined {
  if (der.length < 2 || der[0] !== 0x0c) return undefined;
  let length = der.readUInt8(1);
  let offset = 2;
  if (length & 0x80) {
    const bytes = length & 0x7f;
    if (bytes === 0 || bytes > 2 || der.length < 2 + bytes) return undefined;
    length = bytes === 1 ? der.readUInt8(2) : der.readUInt16BE(2);
    offset = 2 + bytes;
  }
  if (der.length !== offset + length) return undefined;
  return der.subarray(offset).toString('utf8');
}

/** The error for a certificate no trusted identity accepts. */
export function untrustedIdentity(cert: CertificateIdentity, reasons: readonly string[], identities: readonly GithubIdentity[]): ImagePublishError {
  const detail = identities.map((identity, i) => `${describeIdentity(identity)}: ${reasons[i]}`).join('; ');
  return new RejectedError(
    ErrorCodes.keyUntrusted,
    `The attestation was signed by workflow '${cert.san || 'unknown'}' (repository ${cert.sourceRepositoryUri ?? 'unknown'}, ` +
      `ref ${cert.sourceRepositoryRef ?? 'unknown'}), which no trusted identity accepts (${detail}). ` +
      "Add a matching github: entry to 'trusted-keys' if it is legitimate, or reject the image.",
  );
}
