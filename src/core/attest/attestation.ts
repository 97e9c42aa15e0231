/**
 * Any in-toto attestation against a subject digest: for images built elsewhere (Image Builder, Packer) whose own
 * provenance or SBOM attestations should gate a rollout too. image-publish's own predicate keeps its stricter
 * checks in verify.ts (manifest byproduct, live resource); this checks what every attestation has.
 */
import { ConfigurationError, ErrorCodes, RejectedError } from '../errors.js';
import { IN_TOTO_PAYLOAD_TYPE } from './dsse.js';
import { STATEMENT_TYPE } from './statement.js';
import { verifySignature, type VerifyEnvelopeOptions } from './verify.js';
import type { SubjectDigest } from './subject-digest.js';

export { parseSubjectDigest, type SubjectDigest } from './subject-digest.js';

export const STATEMENT_TYPE_V01 = 'https://in-toto.io/Statement/v0.1';

/** A verified statement of any predicate type. */
export interface GenericStatement {
  _type: string;
  subject: { name?: string; digest: Record<string, string> }[];
  predicateType: string;
  predicate?: unknown;
}

export interface AttestationResult {
  keyid: string;
  keySource: string;
  /** For keyless attestations: the workflow identity (certificate SAN) that signed. */
  identity?: string;
  statement: GenericStatement;
  /** Name of the subject whose digest matched. */
  subjectName: string;
  /** builder.id of SLSA provenance v1 or v0.2 predicates; '' for other predicates. */
  builderId: string;
}

/**
 * Verifies the signature (trusted keys or keyless identity), that the payload is an in-toto Statement v0.1 or v1
 * of `predicateType`, and that one of its subjects has `subjectDigest`. Parses only the verified bytes.
 */
export function verifyAttestation(
  options: Pick<VerifyEnvelopeOptions, 'envelope' | 'trustedKeys' | 'bundle' | 'sigstore' | 'now'> & {
    predicateType: string;
    subjectDigest: SubjectDigest;
    builderId?: string;
  },
): AttestationResult {
  const verified = verifySignature(options);
  if (verified.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    throw new RejectedError(ErrorCodes.payloadTypeMismatch, `The envelope's payloadType is '${verified.payloadType}', expected '${IN_TOTO_PAYLOAD_TYPE}': it is not an in-toto attestation.`);
  }
  const statement = parseGenericStatement(verified.payload);
  if (statement.predicateType !== options.predicateType) {
    throw new RejectedError(
      ErrorCodes.policyMismatch,
      `The attestation's predicateType is '${statement.predicateType}', but 'predicate-type' requires '${options.predicateType}'.`,
    );
  }
  const { algorithm, hex } = options.subjectDigest;
  const subject = statement.subject.find((s) => s.digest[algorithm]?.toLowerCase() === hex);
  if (subject === undefined) {
    const listed = statement.subject.map((s) => `${s.name ?? '(unnamed)'} ${Object.entries(s.digest).map(([a, d]) => `${a}:${d.slice(0, 16)}…`).join(' ')}`);
    throw new RejectedError(
      ErrorCodes.subjectMismatch,
      `No subject of the attestation has ${algorithm}:${hex} (subjects: ${listed.join('; ')}). It attests another artifact; check 'subject-digest'.`,
    );
  }
  const builderId = builderIdOf(statement);
  if (options.builderId !== undefined) {
    const wanted = options.builderId;
    const ok = wanted.endsWith('*') ? builderId.startsWith(wanted.slice(0, -1)) : builderId === wanted;
    if (!ok) throw new RejectedError(ErrorCodes.policyMismatch, `The attestation names builder '${builderId || 'none'}', but the policy requires builder '${wanted}'.`);
  }
  const identity = 'identity' in verified && typeof verified.identity === 'string' ? { identity: verified.identity } : {};
  return { keyid: verified.keyid, keySource: verified.source, statement, subjectName: subject.name ?? '', builderId, ...identity };
}

function parseGenericStatement(payload: Uint8Array): GenericStatement {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(payload).toString('utf8'));
  } catch (error) {
    throw new RejectedError(ErrorCodes.envelopeInvalid, 'The envelope payload is not JSON; it is not an in-toto statement.', { cause: error });
  }
  const statement = value as Partial<GenericStatement> | null;
  const validType = statement?._type === STATEMENT_TYPE || statement?._type === STATEMENT_TYPE_V01;
  const validSubjects =
    Array.isArray(statement?.subject) &&
    statement.subject.length > 0 &&
    statement.subject.every((s) => s !== null && typeof s === 'object' && s.digest !== null && typeof s.digest === 'object');
  if (!validType || !validSubjects || typeof statement?.predicateType !== 'string') {
    throw new RejectedError(
      ErrorCodes.envelopeInvalid,
      `The envelope payload is not an in-toto Statement (_type ${STATEMENT_TYPE} or ${STATEMENT_TYPE_V01}, subjects with digests, predicateType).`,
    );
  }
  return statement as GenericStatement;
}

// SLSA provenance v1 keeps the builder under runDetails, v0.2 at the top of the predicate.
function builderIdOf(statement: GenericStatement): string {
  const predicate = statement.predicate as { runDetails?: { builder?: { id?: unknown } }; builder?: { id?: unknown } } | undefined;
  const id = predicate?.runDetails?.builder?.id ?? predicate?.builder?.id;
  return typeof id === 'string' ? id : '';
}
