import { ConfigurationError } from '../core/errors.js';
import { loadEnvelope } from '../core/attest/envelope-source.js';
import { parseSubjectId } from '../core/attest/live-manifest.js';
import { keylessTrust, resolveKeylessTrustInputs, trustedKeySpecsOf, type KeylessTrustInputs } from '../core/attest/trust-inputs.js';
import { resolveTrustedKeys, type TrustedKeySpec, type VerifyPolicy } from '../core/attest/verify.js';
import { verifyImageSignature } from '../core/attest/verify-image.js';
import { IN_TOTO_PAYLOAD_TYPE } from '../core/attest/dsse.js';
import { keylessTrustInputSpecs } from './keyless-trust-inputs.js';
import { defineStep } from './step-spec.js';

export interface VerifyInputs extends KeylessTrustInputs {
  subjectId: string;
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
    'subject-id': { type: 'string', required: true, description: 'Managed image or gallery image version to verify (a version verifies with the envelope of the image it was published from).' },
    envelope: { type: 'string', description: "DSSE envelope file or blob URL (sign's envelope-path or envelope-url). Default: the envelope URL tagged on the gallery version by publish." },
    'trusted-keys': {
      type: 'list',
      configPath: 'signing.trustedKeys',
      description:
        'Trusted keys, one per line: a PEM public key file, inline PEM, a Key Vault key id (its public key is fetched), or ' +
        'github:owner/repo[/.github/workflows/file.yml] for keyless (Sigstore) attestations by that repository (needs trusted-root).',
    },
    ...keylessTrustInputSpecs,
    'builder-id': { type: 'string', configPath: 'signing.policy.builderId', description: 'Required builder.id, or a prefix ending in * (e.g. https://github.com/org/repo/.github/workflows/image.yml@*).' },
    repository: { type: 'string', configPath: 'signing.policy.repository', description: 'Required source repository (owner/repo).' },
    'payload-type': { type: 'string', default: IN_TOTO_PAYLOAD_TYPE, description: 'Expected DSSE payloadType.' },
    'storage-sas': { type: 'string', secret: true, description: 'SAS token to download the envelope blob; when empty the Azure identity is used.' },
  },
  outputs: {
    verified: { description: 'true when every check passed (the step fails otherwise).' },
    digest: { description: 'Verified subject digest (hex SHA-256 of the canonical manifest).' },
    keyid: { description: 'Key id of the trusted key that verified the signature; for github: identities, the signing workflow (certificate SAN).' },
    'builder-id': { description: 'builder.id from the verified provenance.' },
  },
  resolve(parsed, config) {
    const subjectId = typeof parsed['subject-id'] === 'string' ? parsed['subject-id'].trim() : '';
    if (subjectId === '') throw new ConfigurationError('E_INPUT_MISSING', "Input 'subject-id' is required: the managed image or gallery image version to verify.");
    parseSubjectId(subjectId);
    const trustedKeys = trustedKeySpecsOf(parsed['trusted-keys'], config);
    if (trustedKeys.length === 0) {
      throw new ConfigurationError('E_INPUT_MISSING', "Input 'trusted-keys' is required: the signer's public key file or Key Vault key id (or signing.trustedKeys).");
    }
    const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
    const keyless = resolveKeylessTrustInputs(trustedKeys, parsed['trusted-root'], parsed['tlog-threshold']);
    return {
      subjectId,
      envelope: str(parsed.envelope),
      trustedKeys,
      policy: {
        builderId: str(parsed['builder-id']) ?? config?.signing?.policy?.builderId,
        repository: str(parsed.repository) ?? config?.signing?.policy?.repository,
      },
      payloadType: str(parsed['payload-type']) ?? IN_TOTO_PAYLOAD_TYPE,
      storageSas: str(parsed['storage-sas']),
      ...keyless,
    };
  },
  async run(inputs, ctx) {
    const compute = ctx.azure.compute();
    const subject = parseSubjectId(inputs.subjectId);
    const { envelope, source, bundle } = await loadEnvelope({ envelope: inputs.envelope, subject, compute, credential: ctx.azure.credential, sas: inputs.storageSas });
    ctx.logger.info(`Envelope: ${source}`);
    const trustedKeys = await resolveTrustedKeys(
      inputs.trustedKeys,
      { credential: ctx.azure.credential, allowCustomVaultDomain: ctx.azure.cloud.name === 'Custom' },
      { githubIdentities: 'skip' },
    );
    const sigstore = await keylessTrust(inputs.trustedKeys, inputs, new Date(ctx.clock.now()));
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
