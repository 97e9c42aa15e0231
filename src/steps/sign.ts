import { resolve as resolvePath } from 'node:path';
import type { ImageConfig } from '../core/config/image-config.js';
import { type ConfigurationError, ErrorCodes } from '../core/errors.js';
import { signatureTags } from '../core/attest/envelope-store.js';
import { signImage, type SignerConfig } from '../core/attest/sign-image.js';
import { parseSubjectId } from '../core/attest/live-manifest.js';
import { removeSecrets } from '../core/attest/statement.js';
import { defineStep, type InputSpec, type ParsedInputs } from './step-spec.js';
import { inputError } from '../core/input-error.js';
import { inputString } from '../core/config/input-values.js';

export interface SignInputs {
  subjectId: string;
  signer: SignerConfig;
  vhdSha256?: string;
  reports: readonly string[];
  baseImage?: string;
  storage?: { accountUrl: string; container: string; sas?: string };
  outputDir?: string;
  externalParameters: Record<string, unknown>;
}

export type SignOutputs = {
  'envelope-path': string;
  'envelope-url': string;
  'manifest-path': string;
  digest: string;
  keyid: string;
  'signature-tags': string;
};

const inputs: Record<string, InputSpec> = {
  'subject-id': {
    type: 'string',
    required: true,
    description: 'Resource id of the artifact to sign: a managed image or a gallery image version (e.g. the bake output).',
  },
  signer: {
    type: 'enum',
    options: ['file', 'keyvault', 'github'],
    configPath: 'signing.signer',
    description: 'file: a PEM private key; keyvault: an Azure Key Vault key (the key never leaves the vault); github: keyless Sigstore via GitHub (needs id-token: write and attestations: write).',
  },
  'key-file': { type: 'path', configPath: 'signing.keyFile', description: 'PEM private key (ECDSA P-256, Ed25519 or RSA) for signer file.' },
  'key-passphrase': { type: 'string', secret: true, description: 'Passphrase of an encrypted key-file.' },
  'key-vault-key-id': {
    type: 'string',
    configPath: 'signing.keyVaultKeyId',
    description: 'Key Vault key id (https://<vault>.vault.azure.net/keys/<name>[/<version>]) for signer keyvault; EC P-256 or RSA. Needs Key Vault Crypto User.',
  },
  'github-token': {
    type: 'string',
    secret: true,
    default: '${{ github.token }}',
    platforms: ['github'],
    description: 'Token that stores the attestation on the repository (signer github).',
  },
  sigstore: {
    type: 'enum',
    options: ['public-good', 'github'],
    default: 'public-good',
    platforms: ['github'],
    description: "Sigstore instance for signer github: public-good for public repositories, github for private ones.",
  },
  'vhd-sha256': { type: 'string', description: 'Hex SHA-256 of the VHD the image was made from, recorded in the manifest.' },
  reports: { type: 'list', description: 'Scan reports and SBOMs (one path per line) whose digests are recorded in the manifest and provenance.' },
  'base-image': { type: 'string', description: 'Base image reference (URN or resource id) recorded as a resolved dependency.' },
  'storage-account-url': {
    type: 'string',
    configPath: 'signing.storage.accountUrl',
    description: 'Blob service URL (no SAS) to also upload the envelope to, e.g. https://acct.blob.core.windows.net.',
  },
  'storage-container': { type: 'string', configPath: 'signing.storage.container', description: 'Blob container for the envelope.' },
  'storage-sas': { type: 'string', secret: true, description: 'SAS token for the container; when empty the Azure identity is used (Storage Blob Data Contributor).' },
  'output-dir': { type: 'path', description: 'Folder for the envelope and manifest files (default: the step work folder).' },
};

const SECRET_INPUTS = new Set(Object.entries(inputs).filter(([, spec]) => spec.secret).map(([name]) => name));

export const signStep = defineStep<SignInputs, SignOutputs>({
  name: 'sign',
  title: 'Sign image',
  description: 'Sign SLSA provenance for an image as an in-toto statement in a DSSE envelope, with a key file, Azure Key Vault or GitHub keyless signing.',
  azdoTaskName: 'SignImage',
  azdoTaskId: '21e8ea69-ac96-4b2b-bd43-0528b0107115',
  inputs,
  outputs: {
    'envelope-path': { description: 'Path of the DSSE envelope file (<digest>.dsse.json).' },
    'envelope-url': { description: 'Blob URL of the uploaded envelope (no SAS); empty when no storage is configured.' },
    'manifest-path': { description: 'Path of the canonical image manifest that was signed.' },
    digest: { description: 'Subject digest: hex SHA-256 of the canonical manifest.' },
    keyid: { description: 'Key id in the envelope: hex SHA-256 of the public key (SPKI DER).' },
    'signature-tags': { description: 'JSON object of tags for publish to record on the version (digest and envelope reference).' },
  },
  resolve(parsed, config) {
    const subjectId = requiredString(parsed, 'subject-id');
    parseSubjectId(subjectId);
    const signing = config?.signing;
    const signerKind = inputString(parsed.signer) ?? signing?.signer;
    let signer: SignerConfig;
    if (signerKind === 'file') {
      const keyFile = inputString(parsed['key-file']) ?? signing?.keyFile;
      if (!keyFile) throw missing('key-file', "is required for signer 'file': the PEM private key path (or signing.keyFile).");
      signer = { kind: 'file', keyFile, passphrase: inputString(parsed['key-passphrase']) };
    } else if (signerKind === 'keyvault') {
      const keyId = inputString(parsed['key-vault-key-id']) ?? signing?.keyVaultKeyId;
      if (!keyId) throw missing('key-vault-key-id', "is required for signer 'keyvault' (or signing.keyVaultKeyId).");
      signer = { kind: 'keyvault', keyId };
    } else if (signerKind === 'github') {
      const sigstore = inputString(parsed.sigstore) === 'github' ? 'github' : 'public-good';
      signer = { kind: 'github', token: inputString(parsed['github-token']) ?? '', sigstore };
    } else {
      throw missing('signer', 'is required: file, keyvault or github (or set signing.signer in image.yaml).');
    }
    const vhdSha256 = inputString(parsed['vhd-sha256']);
    if (vhdSha256 !== undefined && !/^[0-9a-fA-F]{64}$/.test(vhdSha256)) {
      throw inputError(ErrorCodes.inputInvalid, 'vhd-sha256', `must be 64 hex characters (sha256sum output), got '${vhdSha256}'.`);
    }
    const accountUrl = inputString(parsed['storage-account-url']) ?? signing?.storage?.accountUrl;
    const container = inputString(parsed['storage-container']) ?? signing?.storage?.container;
    if ((accountUrl === undefined) !== (container === undefined)) {
      throw missing(accountUrl ? 'storage-container' : 'storage-account-url', `must be set together with input '${accountUrl ? 'storage-account-url' : 'storage-container'}'; set both or neither.`);
    }
    return {
      subjectId,
      signer,
      vhdSha256,
      reports: Array.isArray(parsed.reports) ? parsed.reports.filter((r): r is string => typeof r === 'string') : [],
      baseImage: inputString(parsed['base-image']),
      storage: accountUrl && container ? { accountUrl, container, sas: inputString(parsed['storage-sas']) } : undefined,
      outputDir: inputString(parsed['output-dir']),
      externalParameters: externalParameters(parsed, config),
    };
  },
  async run(inputs, ctx) {
    const result = await signImage(
      {
        subjectId: inputs.subjectId,
        signer: inputs.signer,
        vhdSha256: inputs.vhdSha256,
        reportFiles: inputs.reports,
        baseImage: inputs.baseImage,
        externalParameters: inputs.externalParameters,
        storage: inputs.storage,
        outputDir: inputs.outputDir ? resolvePath(inputs.outputDir) : ctx.workDir,
      },
      ctx,
    );
    const outputs: SignOutputs = {
      'envelope-path': result.envelopePath,
      'envelope-url': result.envelopeUrl ?? '',
      'manifest-path': result.manifestPath,
      digest: result.digest,
      keyid: result.keyid,
      'signature-tags': '',
    };
    outputs['signature-tags'] = JSON.stringify(signatureTags(outputs));
    return {
      outputs,
      summary: {
        title: 'Sign image',
        status: `Signed ${inputs.subjectId.split('/').slice(-1)[0]} with ${inputs.signer.kind} (${result.algorithm})`,
        sections: [
          {
            kind: 'table',
            columns: ['Field', 'Value'],
            rows: [
              ['Subject', inputs.subjectId],
              ['Digest', `sha256:${result.digest}`],
              ['Key id', result.keyid],
              ['Envelope', result.envelopeUrl ?? result.envelopePath],
            ],
          },
        ],
      },
    };
  },
});

/** image.yaml and inputs as signed provenance parameters: never secrets. */
function externalParameters(parsed: ParsedInputs, config: ImageConfig | undefined): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(parsed)) if (value !== undefined) values[name] = value;
  const result: Record<string, unknown> = { inputs: removeSecrets(values, SECRET_INPUTS) };
  if (config !== undefined) result['image.yaml'] = removeSecrets(config as Record<string, unknown>, SECRET_INPUTS);
  return result;
}

function requiredString(parsed: ParsedInputs, name: string): string {
  const value = inputString(parsed[name]);
  if (value === undefined) throw missing(name, 'is required.');
  return value;
}

function missing(name: string, detail: string): ConfigurationError {
  return inputError(ErrorCodes.inputMissing, name, detail);
}
