import type { RunInfo } from '../run-info.js';
import { ErrorCodes, RejectedError } from '../errors.js';
import { docUrl } from '../project-home.js';
import { isKnownManifestType, manifestBytes, manifestDigest, MANIFEST_TYPE, type ImageManifest } from './image-manifest.js';

export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
export const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';
/** buildType of this project: points at the document that explains externalParameters. */
export const BUILD_TYPE: string = docUrl('docs/steps/sign.md', 'build-type-v1');
/** Name of the byproduct that carries the canonical manifest inside the provenance. */
export const MANIFEST_BYPRODUCT = 'image-manifest.json';

/** SLSA v1 ResourceDescriptor. */
export interface ResourceDescriptor {
  name?: string;
  uri?: string;
  digest?: Record<string, string>;
  /** Base64 of the resource's bytes. */
  content?: string;
  mediaType?: string;
}

export interface SlsaProvenance {
  buildDefinition: {
    buildType: string;
    externalParameters: Record<string, unknown>;
    internalParameters?: Record<string, unknown>;
    resolvedDependencies?: ResourceDescriptor[];
  };
  runDetails: {
    builder: { id: string; version?: Record<string, string> };
    metadata?: { invocationId?: string; startedOn?: string; finishedOn?: string };
    byproducts?: ResourceDescriptor[];
  };
}

export interface Statement {
  _type: typeof STATEMENT_TYPE;
  subject: { name: string; digest: { sha256: string } }[];
  predicateType: typeof SLSA_PROVENANCE_V1;
  predicate: SlsaProvenance;
}

export interface StatementInput {
  manifest: ImageManifest;
  run: RunInfo;
  /** image.yaml and step inputs, already stripped of secrets (see removeSecrets). */
  externalParameters: Record<string, unknown>;
  /** Base image, SBOM and scan reports the artifact was built or judged from. */
  resolvedDependencies?: ResourceDescriptor[];
  startedOn: Date;
  finishedOn: Date;
}

/** Builds the in-toto Statement v1 with a SLSA provenance v1 predicate whose subject is the manifest digest. */
export function buildStatement(input: StatementInput): Statement {
  const bytes = manifestBytes(input.manifest);
  const runDetails: SlsaProvenance['runDetails'] = {
    builder: { id: builderId(input.run) },
    metadata: {
      invocationId: input.run.runUrl,
      startedOn: input.startedOn.toISOString(),
      finishedOn: input.finishedOn.toISOString(),
    },
    byproducts: [
      {
        name: MANIFEST_BYPRODUCT,
        digest: { sha256: manifestDigest(input.manifest) },
        mediaType: 'application/json',
        content: Buffer.from(bytes, 'utf8').toString('base64'),
      },
    ],
  };
  const internal: Record<string, unknown> = {};
  if (input.run.commit) internal.commit = input.run.commit;
  if (input.run.repository) internal.repository = input.run.repository;
  if (input.run.platform) internal.platform = input.run.platform;
  return {
    _type: STATEMENT_TYPE,
    subject: [{ name: input.manifest.resourceId, digest: { sha256: manifestDigest(input.manifest) } }],
    predicateType: SLSA_PROVENANCE_V1,
    predicate: {
      buildDefinition: {
        buildType: BUILD_TYPE,
        externalParameters: input.externalParameters,
        internalParameters: internal,
        resolvedDependencies: input.resolvedDependencies ?? [],
      },
      runDetails,
    },
  };
}

/** builder.id: the GitHub workflow ref as a URL, the pipeline definition URL, or a CLI marker. */
export function builderId(run: RunInfo): string {
  const ref = run.workflowRef;
  // No workflow or pipeline URL (the CLI, a pipeline without one): a documented marker URI, one per platform.
  if (ref === undefined || ref === '') return docUrl('docs/steps/sign.md', `builder-${run.platform}`);
  if (/^https?:\/\//.test(ref)) return ref;
  return run.platform === 'github' ? `https://github.com/${ref}` : ref;
}

/** Drops values of inputs declared secret, and any key that looks like a credential, recursively. */
export function removeSecrets(values: Record<string, unknown>, secretKeys: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (secretKeys.has(key) || SECRET_LIKE.test(key)) continue;
    if (typeof value === 'string' && SAS_LIKE.test(value)) continue;
    out[key] =
      value !== null && typeof value === 'object' && !Array.isArray(value)
        ? removeSecrets(value as Record<string, unknown>, secretKeys)
        : value;
  }
  return out;
}

// Belt and braces: even an input not declared secret must not carry a credential into a signed, public document.
const SECRET_LIKE = /(secret|password|passphrase|token|private[-_]?key|sas|credential)/i;
const SAS_LIKE = /[?&]sig=/i;

/** Parses and checks a payload as a Statement v1 with a SLSA provenance v1 predicate. */
export function parseStatement(payload: Uint8Array): Statement {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(payload).toString('utf8'));
  } catch (error) {
    throw new RejectedError(ErrorCodes.envelopeInvalid, 'The envelope payload is not JSON; it is not an in-toto statement.', {
      cause: error,
    });
  }
  const statement = value as Partial<Statement>;
  if (statement._type !== STATEMENT_TYPE || !Array.isArray(statement.subject) || statement.subject.length === 0) {
    throw new RejectedError(
      ErrorCodes.envelopeInvalid,
      `The envelope payload is not an in-toto Statement v1 with a subject (_type must be ${STATEMENT_TYPE}).`,
    );
  }
  if (statement.predicateType !== SLSA_PROVENANCE_V1 || typeof statement.predicate !== 'object') {
    throw new RejectedError(
      ErrorCodes.envelopeInvalid,
      `The statement's predicateType is '${String(statement.predicateType)}', expected ${SLSA_PROVENANCE_V1}.`,
    );
  }
  return statement as Statement;
}

/** The manifest carried in the provenance byproducts, checked against its own digest. */
export function manifestFromStatement(statement: Statement): ImageManifest {
  const byproduct = statement.predicate.runDetails?.byproducts?.find((entry) => entry.name === MANIFEST_BYPRODUCT);
  if (byproduct?.content === undefined) {
    throw new RejectedError(
      ErrorCodes.envelopeInvalid,
      `The provenance has no '${MANIFEST_BYPRODUCT}' byproduct; it was not produced by image-publish sign.`,
    );
  }
  const manifest = JSON.parse(Buffer.from(byproduct.content, 'base64').toString('utf8')) as ImageManifest;
  if (!isKnownManifestType(manifest._type)) {
    throw new RejectedError(
      ErrorCodes.envelopeInvalid,
      `The signed manifest has _type '${String(manifest._type)}', which this version of image-publish does not understand (expected ${MANIFEST_TYPE}).`,
    );
  }
  const digest = manifestDigest(manifest);
  if (!statement.subject.some((subject) => subject.digest?.sha256 === digest)) {
    throw new RejectedError(
      ErrorCodes.subjectMismatch,
      `The signed manifest hashes to sha256:${digest}, which is not a subject of the statement: the subject was swapped.`,
    );
  }
  return manifest;
}
