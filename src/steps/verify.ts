import { ConfigurationError, ErrorCodes } from '../core/errors.js';
import { parseSubjectId } from '../core/attest/live-manifest.js';
import { keylessTrust, resolveKeylessTrustInputs, trustedKeySpecsOf, type KeylessTrustInputs } from '../core/attest/trust-inputs.js';
import type { VerifyPolicy } from '../core/attest/verify.js';
import { resolveTrustedKeys, type TrustedKeySpec } from '../core/attest/trusted-key-specs.js';
import { IN_TOTO_PAYLOAD_TYPE, type DsseEnvelope, type TrustedKey } from '../core/attest/dsse.js';
import { parseSubjectDigest, type SubjectDigest } from '../core/attest/subject-digest.js';
import { SLSA_PROVENANCE_V1 } from '../core/attest/statement.js';
import type { Bundle } from '@sigstore/bundle';
import type { SigstoreTrust } from '../core/attest/sigstore-verify.js';
import { keylessTrustInputSpecs } from './keyless-trust-inputs.js';
import { defineStep } from './step-spec.js';
import type { StepContext } from './step-context.js';
import type { Summary } from '../core/summary/summary.js';
import { inputError } from '../core/input-error.js';
import { inputString } from '../core/config/input-values.js';

export interface VerifyInputs extends KeylessTrustInputs {
  /** Empty only when `attestation` is set and `envelope` names the file. */
  subjectId: string;
  /** Any in-toto attestation mode: the subject digest and predicate type it must carry. */
  attestation?: { subjectDigest: SubjectDigest; predicateType: string };
  envelope?: string;
  trustedKeys: TrustedKeySpec[];
  policy: VerifyPolicy;
  payloadType: string;
  storageSas?: string;
}

export type VerifyOutputs = {
  verified: boolean;
  digest: string;
  keyid: string;
  'builder-id': string;
};

export const verifyStep = defineStep<VerifyInputs, VerifyOutputs>({
  name: 'verify',
  title: 'Verify image signature',
  description: 'Verify a signed provenance envelope against trusted keys, a builder/repository policy and the image as it is now in Azure.',
  azdoTaskName: 'VerifyImage',
  azdoTaskId: '9ffd9016-5651-4aca-b2bd-e33af25cabd1',
  inputs: {
    'subject-id': {
      type: 'string',
      description:
        'Managed image or gallery image version to verify (a version verifies with the envelope of the image it was published from). ' +
        'Required unless subject-digest is given.',
    },
    'subject-digest': {
      type: 'string',
      description:
        'Verify any in-toto attestation (Statement v0.1 or v1) instead of image-publish provenance: the <algorithm>:<hex> digest one of its ' +
        'subjects must have, e.g. the sha256 of a VHD built by Packer or Image Builder. Needs envelope.',
    },
    'predicate-type': {
      type: 'string',
      description: 'With subject-digest: the predicateType the attestation must have (default https://slsa.dev/provenance/v1), e.g. https://cyclonedx.org/bom.',
    },
    envelope: { type: 'string', description: "DSSE envelope file or blob URL (sign's envelope-path or envelope-url). Default: the envelope URL tagged on the gallery version by publish." },
    'trusted-keys': {
      type: 'list',
      configPath: 'signing.trustedKeys',
      description:
        'Trusted keys, one per line: a public key file (PEM, JWK or securesystemslib/in-toto key JSON), inline PEM or JSON, a Key Vault ' +
        'key id (its public key is fetched), or github:owner/repo[/.github/workflows/file.yml] for keyless (Sigstore) attestations ' +
        'made for that repository (needs trusted-root; options signer-workflow=, signer-repo=, san=, san-regex=, issuer=, ref=). ' +
        'Any entry may end with not-after=YYYY-MM-DD to retire it (key rotation, docs/rotate-signing-key.md).',
    },
    ...keylessTrustInputSpecs,
    'builder-id': { type: 'string', configPath: 'signing.policy.builderId', description: 'Required builder.id, or a prefix ending in * (e.g. https://github.com/contoso/images/.github/workflows/image.yml@*).' },
    repository: { type: 'string', configPath: 'signing.policy.repository', description: 'Required source repository (owner/repo).' },
    'payload-type': { type: 'string', default: IN_TOTO_PAYLOAD_TYPE, description: 'Expected DSSE payloadType.' },
    'storage-sas': { type: 'string', secret: true, description: 'SAS token to download the envelope blob; when empty the Azure identity is used.' },
  },
  outputs: {
    verified: { description: 'true when every check passed (the step fails otherwise).' },
    digest: { description: 'Verified subject digest: hex SHA-256 of the canonical manifest; with subject-digest, that <algorithm>:<hex>.' },
    keyid: { description: 'Key id of the trusted key that verified the signature; for github: identities, the signing workflow (certificate SAN).' },
    'builder-id': { description: 'builder.id from the verified provenance.' },
  },
  resolve(parsed, config) {
    const subjectId = inputString(parsed['subject-id']) ?? '';
    const attestation = resolveAttestationInputs(inputString(parsed['subject-digest']), inputString(parsed['predicate-type']), inputString(parsed.envelope), inputString(parsed.repository));
    if (subjectId === '' && attestation === undefined) {
      throw inputError(ErrorCodes.inputMissing, 'subject-id', "is required: the managed image or gallery image version to verify (or give subject-digest to verify any in-toto attestation).");
    }
    if (subjectId !== '') parseSubjectId(subjectId);
    const trustedKeys = trustedKeySpecsOf(parsed['trusted-keys'], config);
    if (trustedKeys.length === 0) {
      throw inputError(ErrorCodes.inputMissing, 'trusted-keys', "is required: the signer's public key file or Key Vault key id (or signing.trustedKeys).");
    }
    const keyless = resolveKeylessTrustInputs(trustedKeys, parsed['trusted-root'], parsed['tlog-threshold']);
    return {
      subjectId,
      ...(attestation === undefined ? {} : { attestation }),
      envelope: inputString(parsed.envelope),
      trustedKeys,
      policy: {
        builderId: inputString(parsed['builder-id']) ?? config?.signing?.policy?.builderId,
        repository: inputString(parsed.repository) ?? config?.signing?.policy?.repository,
      },
      payloadType: inputString(parsed['payload-type']) ?? IN_TOTO_PAYLOAD_TYPE,
      storageSas: inputString(parsed['storage-sas']),
      ...keyless,
    };
  },
  async run(inputs, ctx) {
    // Imported when the step runs, not with its definition: `--help` and input checks load no Sigstore or Blob SDK.
    const [{ loadEnvelope }, { verifyImageSignature }] = await Promise.all([import('../core/attest/envelope-source.js'), import('../core/attest/verify-image.js')]);
    const compute = ctx.azure.compute();
    const subject = inputs.subjectId === '' ? undefined : parseSubjectId(inputs.subjectId);
    const { envelope, source, bundle } = await loadEnvelope({ envelope: inputs.envelope, subject, compute, credential: ctx.azure.credential, sas: inputs.storageSas });
    ctx.logger.info(`Envelope: ${source}`);
    const trustedKeys = await resolveTrustedKeys(
      inputs.trustedKeys,
      { credential: ctx.azure.credential, vaultDnsSuffix: ctx.azure.cloud.keyVaultDnsSuffix },
      { githubIdentities: 'skip' },
    );
    const sigstore = await keylessTrust(inputs.trustedKeys, inputs, new Date(ctx.clock.now()));
    if (inputs.attestation !== undefined) return verifyAnyAttestation(inputs, inputs.attestation, { envelope, trustedKeys, bundle, sigstore, now: new Date(ctx.clock.now()) }, ctx);
    const result = await ctx.logger.group('Verify', async () => {
      const verified = await verifyImageSignature({
        compute,
        subjectId: inputs.subjectId,
        envelope,
        trustedKeys,
        bundle,
        sigstore,
        policy: inputs.policy,
        expectedPayloadType: inputs.payloadType,
        now: new Date(ctx.clock.now()),
      });
      ctx.logger.info(
        verified.identity !== undefined
          ? `Keyless signature by GitHub workflow ${verified.identity} is valid (certificate chains to trusted-root).`
          : `Signature by ${verified.keySource} (keyid ${verified.keyid}) is valid.`,
      );
      ctx.logger.info(`Subject sha256:${verified.digest} matches ${verified.manifest.resourceId} as it is now.`);
      ctx.logger.info(`Builder: ${verified.builderId}`);
      return verified;
    });
    return {
      outputs: { verified: true, digest: result.digest, keyid: result.keyid, 'builder-id': result.builderId },
      summary: {
        title: 'Verify image signature',
        status: `Verified ${inputs.subjectId.split('/').slice(-1)[0]}`,
        sections: [
          {
            kind: 'table',
            columns: ['Check', 'Result'],
            rows: [
              ['Signature', `valid (${result.keySource})`],
              ['Subject digest', `sha256:${result.digest}`],
              ['Live resource', 'unchanged'],
              ['Builder', result.builderId],
              ['Policy', inputs.policy.builderId || inputs.policy.repository ? 'satisfied' : 'none set'],
            ],
          },
        ],
      },
    };
  },
});

function resolveAttestationInputs(digest: string | undefined, predicateType: string | undefined, envelope: string | undefined, repository: string | undefined): VerifyInputs['attestation'] {
  if (digest === undefined) {
    if (predicateType !== undefined) throw inputError(ErrorCodes.inputMissing, 'predicate-type', "needs 'subject-digest': the digest of the artifact the attestation must name.");
    return undefined;
  }
  if (envelope === undefined) throw inputError(ErrorCodes.inputMissing, 'subject-digest', "needs 'envelope': the attestation file or blob URL (a DSSE envelope or Sigstore bundle).");
  if (repository !== undefined) {
    throw inputError(ErrorCodes.inputInvalid, 'repository', "checks image-publish provenance only; with 'subject-digest' trust the repository as github:owner/repo in 'trusted-keys'.");
  }
  return { subjectDigest: parseSubjectDigest(digest), predicateType: predicateType ?? SLSA_PROVENANCE_V1 };
}

// Any in-toto attestation: signature, statement, predicate type and subject digest; nothing is read from Azure.
async function verifyAnyAttestation(
  inputs: VerifyInputs,
  wanted: NonNullable<VerifyInputs['attestation']>,
  signed: { envelope: DsseEnvelope; trustedKeys: TrustedKey[]; bundle?: Bundle; sigstore?: SigstoreTrust; now: Date },
  ctx: StepContext,
): Promise<{ outputs: VerifyOutputs; summary: Summary }> {
  const result = await ctx.logger.group('Verify attestation', async () => {
    const { verifyAttestation } = await import('../core/attest/attestation.js');
    const verified = verifyAttestation({ ...signed, ...wanted, builderId: inputs.policy.builderId });
    ctx.logger.info(verified.identity !== undefined ? `Keyless signature by GitHub workflow ${verified.identity} is valid.` : `Signature by ${verified.keySource} (keyid ${verified.keyid}) is valid.`);
    ctx.logger.info(`Statement ${verified.statement._type}, predicate ${verified.statement.predicateType}, subject '${verified.subjectName}' has ${wanted.subjectDigest.algorithm}:${wanted.subjectDigest.hex}.`);
    return verified;
  });
  const digest = `${wanted.subjectDigest.algorithm}:${wanted.subjectDigest.hex}`;
  return {
    outputs: { verified: true, digest, keyid: result.keyid, 'builder-id': result.builderId },
    summary: {
      title: 'Verify attestation',
      status: `Verified ${result.subjectName || digest}`,
      sections: [
        {
          kind: 'table',
          columns: ['Check', 'Result'],
          rows: [
            ['Signature', `valid (${result.keySource})`],
            ['Predicate type', result.statement.predicateType],
            ['Subject', `${result.subjectName} ${digest}`],
            ['Builder', result.builderId || 'not stated'],
          ],
        },
      ],
    },
  };
}
